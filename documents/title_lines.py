"""Breaking a document title into lines by meaning, in a 梯形 or 菱形 shape (GB/T 9704-2012, 7.3.1).

"标题回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形。" No word list of the
language is at hand, so breaks are chosen from what a title is made of: after 关于 and the particles 的/和/与/及,
after punctuation, and around the verbs and nouns that open or close a phrase in our titles. A break anywhere
else is the last resort, and never inside one of the words listed here.
"""

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
_MISSHAPEN = 10
_LINE = 3
# Past this a title is not a title but pasted text: it is filled line by line, not weighed.
_LONGEST = 400


def break_title(title: str, *, width: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """The title's lines; a title the drafter already broke with "\\n" is left as it was.

    The cheapest set of lines no wider than ``width``, by dynamic programming over (line start, line end,
    shape phase): each break costs its penalty, each line a little (fewer lines look better), and a line
    longer than the one above is free only while the lines still rise towards a 菱形's middle.
    """
    title = title.strip()
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    if text_width_in_chars(title) <= width:
        return [title]
    if len(title) > _LONGEST:
        return _fill(title, width)
    penalties = _break_penalties(title)
    starts = [0.0]
    for char in title:
        starts.append(starts[-1] + text_width_in_chars(char))

    def span(a: int, b: int) -> float:
        return starts[b] - starts[a]

    # state (start, end, rising) -> (cost, previous state)
    best: dict[tuple[int, int, bool], tuple[float, tuple | None]] = {}
    by_end: dict[int, list[tuple[int, int, bool]]] = {}
    for end in range(1, len(title) + 1):
        if span(0, end) > width:
            break
        best[(0, end, True)] = (_LINE, None)
        by_end.setdefault(end, []).append((0, end, True))
    for end in range(1, len(title)):
        for state in by_end.get(end, []):
            cost, _ = best[state]
            start, _, rising = state
            above = span(start, end)
            for after in range(end + 1, len(title) + 1):
                below = span(end, after)
                if below > width:
                    break
                if below > above:
                    step, next_rising = (0.0, True) if rising else (_MISSHAPEN, False)
                else:
                    step, next_rising = 0.0, rising and below == above
                key = (end, after, next_rising)
                total = cost + penalties[end] + step + _LINE
                if key not in best or total < best[key][0]:
                    if key not in best:
                        by_end.setdefault(after, []).append(key)
                    best[key] = (total, state)
    finals = []
    for key in by_end.get(len(title), []):
        cost, previous = best[key]
        start, end, rising = key
        if previous is not None:
            first_line = previous
            while best[first_line][1] is not None:
                first_line = best[first_line][1]
            if rising and span(start, end) > span(previous[0], previous[1]):
                cost += _MISSHAPEN  # still rising at the foot: an upside-down trapezoid, no 菱形
            # a last line of a word or two looks dropped rather than set
            cost += max(0.0, span(first_line[0], first_line[1]) / 2 - span(start, end)) * 0.5
        finals.append((cost, key))
    if not finals:  # no break fits: cannot happen while one character fits a line
        return [title]
    _, key = min(finals)
    result = []
    while key is not None:
        result.append(title[key[0] : key[1]])
        key = best[key][1]
    return result[::-1]


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


def _fill(title: str, width: int) -> list[str]:
    lines, line = [], ""
    for char in title:
        if text_width_in_chars(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines
