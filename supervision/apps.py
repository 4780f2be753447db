from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "检务督察"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audit.labels import register
        from workcalendar import recompute

        from .categories import ensure_default_categories
        from .deadlines import AUDIT_LABELS, recompute_deadlines

        post_migrate.connect(ensure_default_categories, sender=self)
        recompute.register(recompute_deadlines)
        register(AUDIT_LABELS)

        register(
            {
                "initiate": "立项",
                "start": "开始督办",
                "issue_slip": "下发督办单",
                "acknowledge": "签收",
                "submit_feedback": "提交反馈",
                "accept_feedback": "通过反馈",
                "return_feedback": "退回反馈",
                "request_extension": "申请延期",
                "approve_extension": "批准延期",
                "reject_extension": "不批准延期",
                "extend": "期限延后",
                "conclude": "办结",
                "cancel": "撤销",
                "share": "共享",
                "download_attachment": "下载附件",
                "download_document": "下载文书",
                "export_matters": "导出台账",
            }
        )
