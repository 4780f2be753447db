"""Titles break by meaning into a 梯形 or 菱形, and the office's 工作要求 text becomes a document's blocks."""

import itertools
import time

import pytest

from documents.layout import text_width_in_chars
from documents.official import Heading, Paragraph
from documents.requirements_text import requirement_blocks
from documents.title_lines import TITLE_CHARS_PER_LINE, break_title


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("督办处理单", ["督办处理单"]),
        (
            "关于对第一检察部刑事案件流程监控问题开展专项督察的立项决定书",
            ["关于对第一检察部刑事案件流程监控问题", "开展专项督察的立项决定书"],
        ),
        ("关于加强未成年人刑事案件办理质量的立项决定书", ["关于加强未成年人刑事案件办理质量的", "立项决定书"]),
        ("第一行\n第二行由起草人断开", ["第一行", "第二行由起草人断开"]),
    ],
)
def test_title_breaks_after_particles_and_before_phrases(title, lines):
    assert break_title(title) == lines


@pytest.mark.parametrize(
    "title",
    [
        "关于“对第二检察部民事行政公益诉讼案件办理过程中存在的超期问题以及相关责任落实情况的全面核查与整改”的立项决定书",
        "关于“第一检察部刑事案件流程监控问题整改”的立项决定书",
        "关于“abc测试事项ABC测试事项abc测试事项”的立项决定书",
    ],
)
def test_long_titles_keep_to_the_line_never_split_a_word_and_take_a_trapezoid_or_diamond(title):
    # given / when
    lines = break_title(title)
    widths = [text_width_in_chars(line) for line in lines]

    # then
    assert "".join(lines) == title
    assert max(widths) <= TITLE_CHARS_PER_LINE
    assert not any(a.endswith("刑") and b.startswith("事") for a, b in itertools.pairwise(lines))
    assert not any(b.startswith(("的", "”", "，")) for b in lines[1:])
    peak = widths.index(max(widths))
    assert all(a <= b for a, b in itertools.pairwise(widths[: peak + 1]))
    assert all(a >= b for a, b in itertools.pairwise(widths[peak:]))


def test_a_title_without_any_good_break_still_fits_the_line():
    title = "测" * 50
    assert all(text_width_in_chars(line) <= TITLE_CHARS_PER_LINE for line in break_title(title))
    assert "".join(break_title(title)) == title


def test_requirement_text_becomes_headings_of_two_levels_and_paragraphs():
    # given
    typed = "一、总体要求\r\n\n（一）按期签收。承办部门应当签收。\n  1.逐案核查\n（2）列明措施\n各部门按月报告进展。"

    # when
    blocks = requirement_blocks(typed)

    # then
    assert blocks == [
        Heading("一、总体要求", level=1, numbered=False),
        Heading("（一）按期签收。", level=2, follow="承办部门应当签收。", numbered=False),
        Heading("1.逐案核查", level=3, numbered=False),
        Heading("（2）列明措施", level=4, numbered=False),
        Paragraph("各部门按月报告进展。"),
    ]
    assert requirement_blocks("") == []
    assert requirement_blocks("2026.12前完成") == [Paragraph("2026.12前完成")]


def test_the_longest_matter_title_breaks_at_once_and_pasted_text_does_not_hang():
    # given: a matter's title may be 200 characters
    title = "关于“" + "检察工作" * 50 + "”的立项决定书"

    # when
    started = time.monotonic()
    lines = break_title(title)
    pasted = break_title("检" * 100_000)

    # then
    assert time.monotonic() - started < 5
    assert "".join(lines) == title and max(map(text_width_in_chars, lines)) <= TITLE_CHARS_PER_LINE
    assert len(pasted) == 100_000 // TITLE_CHARS_PER_LINE + 1
