"""Shared fixtures of the inquiry tests (load with pytest_plugins = ["tests.inquiry_fixtures"])."""

import datetime

import pytest


@pytest.fixture
def an_inquiry(org):
    """``an_inquiry(actor=刘洋, **overrides)``: a 过问案件记录 made through the service."""
    from cases.models import InquirerCategory, InquiryManner
    from cases.services.inquiries import record_inquiry

    def make(actor=None, **overrides):
        fields = {
            "case_number": "马检刑诉受〔2026〕00001号",
            "case_name": "张某某盗窃案",
            "category": InquirerCategory.OUTSIDE,
            "inquirer_name": "王某",
            "inquirer_position": "某公司经理",
            "relation": "犯罪嫌疑人的朋友",
            "manner": InquiryManner.PHONE,
            "content": "打电话询问能否取保候审",
            "occurred_on": datetime.date.today() - datetime.timedelta(days=1),
            "handling": "告知依法办理，已如实记录",
        }
        fields.update(overrides)
        return record_inquiry(actor=actor or org["prosecutor1"], **fields)

    return make
