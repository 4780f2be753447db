"""The office's free text (a matter's 工作要求) as the blocks of an official document.

The office types its requirements as it would write them in a 公文: a line starting 一、 is a first-level
heading (黑体), （一） a second-level one (楷体), 1. and （1） the third and fourth (仿宋); everything else is a
body paragraph. Their own numbering is kept as typed. A heading line that runs on after its first 。 is a
heading with its text following in the same paragraph, as 7.3.3 sets "（一）按期签收。承办部门应当……".
"""

import re

from .official import Block, Heading, Paragraph

_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)


def requirement_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().strip("\u3000")
        if not line:
            continue
        level = next((level for level, pattern in _LEVELS if pattern.match(line)), None)
        if level is None:
            blocks.append(Paragraph(line))
            continue
        stop = line.find("。")
        if 0 < stop < len(line) - 1:
            blocks.append(Heading(line[: stop + 1], level=level, follow=line[stop + 1 :], numbered=False))
        else:
            blocks.append(Heading(line, level=level, numbered=False))
    return blocks
