from .cases import Case, CaseProcedure
from .inquiries import (
    CaseInquiry,
    InquirerCategory,
    InquiryManner,
    InquiryNature,
    InquiryReturn,
    ReturnStatus,
)
from .reviews import CaseReview, Grade, GradeScale, ReviewDimension, ReviewKind, ReviewScore, ReviewStatus
from .sampling import Population, SamplingDraw

__all__ = [
    "Case",
    "CaseInquiry",
    "CaseProcedure",
    "CaseReview",
    "Grade",
    "GradeScale",
    "InquirerCategory",
    "InquiryManner",
    "InquiryNature",
    "InquiryReturn",
    "Population",
    "ReturnStatus",
    "ReviewDimension",
    "ReviewKind",
    "ReviewScore",
    "ReviewStatus",
    "SamplingDraw",
]
