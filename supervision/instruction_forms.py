"""The forms of 批示: the leader's instruction text, and 转立项 (the matter form, its source fixed)."""

from django import forms

from .forms import BootstrapMixin, MatterForm, PageFormMixin
from .models import Instruction, MatterSource
from .services.instructions import default_title, source_detail


class InstructionForm(PageFormMixin, BootstrapMixin, forms.Form):
    text = forms.CharField(
        label="批示内容",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "请写下对检务督察工作的批示意见"}),
        error_messages={"required": "请填写批示内容"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def instruction_form(subject, *args) -> InstructionForm:
    """The form on a report's or matter's page, with ids of its own (a page may hold other text boxes)."""
    return InstructionForm(*args, auto_id=f"instruct-{subject._meta.model_name}-%s")


class ConvertInstructionForm(MatterForm):
    """转立项: the matter form pre-filled from the instruction; its source is the instruction and cannot be
    changed (the fields show it, disabled, and what is posted for them is ignored)."""

    wide_fields = ("title", "source_detail", "requirements", "cooperating_departments", "responsible_people")

    def __init__(self, *args, instruction: Instruction, user, **kwargs):
        initial = {
            "title": default_title(instruction),
            "requirements": instruction.text,
            "inspector": user,
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, user=user, initial=initial, **kwargs)
        self.fields["source"].initial = MatterSource.LEADERSHIP_INSTRUCTION
        self.fields["source_detail"].initial = source_detail(instruction)
        for name in ("source", "source_detail"):
            self.fields[name].disabled = True
            self.fields[name].required = False
        self.fields["source_detail"].help_text = "由批示自动生成"
        if instruction.matter_id:
            self.fields["lead_department"].initial = instruction.matter.lead_department_id

    def matter_fields(self) -> dict:
        """The cleaned data as ``convert_instruction`` takes it (the source is the instruction's)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("source", "source_detail")}
        data["case"] = data.pop("case_number", None)
        data["cooperating_departments"] = list(data["cooperating_departments"])
        data["responsible_people"] = list(data["responsible_people"])
        if not data.get("inspector"):
            data.pop("inspector", None)
        return data
