"""Breaking a document title into lines by meaning, in a 梯形 or 菱形 shape (GB/T 9704-2012, 7.3.1).

"标题回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形。" No word list of the
language is at hand, so breaks are chosen from what a title is made of: after 关于 and the particles 的/和/与/及,
after punctuation, and around the verbs and nouns that open or close a phrase in our titles. A break anywhere
else is the last resort, and never inside one of the words listed here.
"""

import itertools
from collections.abc import Sequence

from .layout import text_width_in_chars

# 2号 characters on a 156 mm line: 20 fit; 18 leaves the title room to stand clear of the margins.
TITLE_CHARS_PER_LINE = 18

_AFTER = {"关于": 0, "的": 0, "和": 1, "与": 1, "及": 1, "并": 1, "对": 2}
_PUNCTUATION_AFTER = "，、；：”’》）」』"
# A phrase that opens here: the line may end just before it.
_BEFORE = {
    "开展": 1,
    "进行": 1,
    "加强": 1,
    "落实": 2,
    "做好": 1,
    "推进": 1,
    "实施": 1,
    "组织": 2,
    "专项": 2,
    "有关": 1,
    "相关": 1,
    "立项决定书": 0,
    "督办处理单": 0,
    "决定书": 1,
    "通知": 1,
    "问题": 3,
    "工作": 3,
    "情况": 3,
    "“": 1,
    "《": 1,
}
# An organisation's name ends a phrase.
_ORGANISATION_ENDS = "部院局室厅委办处科"
# Words a forced break must not split (the drafter's "刑事/案件" complaint).
_WORDS = (
    "刑事 民事 行政 公益 诉讼 案件 检察 检务 督察 督办 监督 监控 流程 专项 整改 落实 办理 反馈 立项 决定 "
    "问题 工作 情况 部门 责任 管理 质量 规范 执法 司法 办案 审查 起诉 批捕 逮捕 侦查 控告 申诉 未成年 "
    "人民 院领导 检察长 检察官 开展 进行 加强 推进 第一 第二 第三 第四 第五 第六 第七 第八"
).split()
_ELSEWHERE = 6
_INSIDE_WORD = 40


def break_title(title: str, *, width: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """The title's lines; a title the drafter already broke with "\\n" is left as it was."""
    title = title.strip()
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    if text_width_in_chars(title) <= width:
        return [title]
    penalties = _break_penalties(title)
    needed = max(2, -(-int(text_width_in_chars(title) + 0.999) // width))
    best: tuple[float, list[str]] | None = None
    for count in (needed, needed + 1):
        candidates = _candidates(penalties, count)
        for cuts in itertools.combinations(candidates, count - 1):
            lines = [title[a:b] for a, b in itertools.pairwise((0, *cuts, len(title)))]
            widths = [text_width_in_chars(line) for line in lines]
            if max(widths) > width:
                continue
            cost = sum(penalties[cut] for cut in cuts) + _shape_cost(widths) + (count - needed) * 3
            if best is None or cost < best[0]:
                best = (cost, lines)
        if best is not None and best[0] < _ELSEWHERE:
            break
    if best is None:  # too long for any shape: fill the lines in turn
        return _fill(title, width)
    return best[1]


def _break_penalties(title: str) -> list[float]:
    """Cost of a break before character ``i`` (index 0 and len are not breaks)."""
    penalties = [float(_ELSEWHERE)] * (len(title) + 1)
    for i in range(1, len(title)):
        before, after = title[:i], title[i:]
        cost = float(_ELSEWHERE)
        for word, value in _AFTER.items():
            if before.endswith(word):
                cost = min(cost, value)
        if before[-1] in _PUNCTUATION_AFTER:
            cost = min(cost, 0)
        if before[-1] in _ORGANISATION_ENDS:
            cost = min(cost, 1)
        for word, value in _BEFORE.items():
            if after.startswith(word):
                cost = min(cost, value)
        if after[0] in _PUNCTUATION_AFTER or after[0] in "的":
            cost = _INSIDE_WORD  # a line never starts with closing punctuation or a particle
        if before[-1] in "“《（「『":
            cost = _INSIDE_WORD
        if any(_splits(word, before, after) for word in _WORDS):
            cost = max(cost, _INSIDE_WORD)
        penalties[i] = cost
    return penalties


def _splits(word: str, before: str, after: str) -> bool:
    return any(before.endswith(word[:k]) and after.startswith(word[k:]) for k in range(1, len(word)))


def _candidates(penalties: Sequence[float], count: int) -> list[int]:
    """Break positions worth trying: the good ones, and every one when a title is long and has few of them."""
    good = [i for i in range(1, len(penalties) - 1) if penalties[i] < _ELSEWHERE]
    if len(good) >= count - 1 and len(good) <= 40:
        return good + [i for i in range(1, len(penalties) - 1) if penalties[i] == _ELSEWHERE][: max(0, 40 - len(good))]
    return [i for i in range(1, len(penalties) - 1) if penalties[i] < _INSIDE_WORD][:60]


def _shape_cost(widths: Sequence[float]) -> float:
    """0 for a 梯形 (each line no longer than the one above) or a 菱形 (longest in the middle); else dear."""
    decreasing = all(a >= b for a, b in itertools.pairwise(widths))
    peak = widths.index(max(widths))
    diamond = all(a <= b for a, b in itertools.pairwise(widths[: peak + 1])) and all(
        a >= b for a, b in itertools.pairwise(widths[peak:])
    )
    cost = 0.0 if decreasing or (diamond and len(widths) > 2) else 10.0
    # A last line of a word or two looks dropped rather than set.
    cost += max(0.0, widths[0] / 2 - widths[-1]) * 0.5
    return cost


def _fill(title: str, width: int) -> list[str]:
    lines, line = [], ""
    for char in title:
        if text_width_in_chars(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines
