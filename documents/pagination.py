"""Where the body of a document will end, estimated while it is written, so the imprint (版记) can be put on an
even page: on the body's last page when that page is even and has room, else on the next even page.

A .docx holds no pages; each reader lays them out. Ours is regular enough to foresee: every body line is one
grid line of fixed height and at most 28 characters. The estimate errs long (a line a character shorter than
it is, every table row whole on one page), and the imprint shares a page only with room to spare, so that an
error leaves a page blank rather than the imprint on an odd page.
"""

import math

from .layout import CHARS_PER_LINE, LINE_PITCH, TEXT_HEIGHT, text_width_in_chars

# Room the imprint wants beyond its own height before it shares the body's last page.
SPARE = 2 * LINE_PITCH


def text_lines(text: str, *, width_chars: float = CHARS_PER_LINE, first_indent: float = 0) -> int:
    """Lines a paragraph takes: one character fewer per line than fit, for kinsoku and half-width digits."""
    count = 0
    for part in text.split("\n"):
        width = text_width_in_chars(part) + first_indent
        count += max(1, math.ceil(width / (width_chars - 1)))
    return count


class PageEstimate:
    """Twips used on the current page, and the page, as blocks are added top to bottom."""

    def __init__(self) -> None:
        self.page = 1
        self.used = 0
        self.last_lines = 0  # lines of the last body paragraph, 0 after a table

    def kept_with_last(self, twips: int) -> None:
        """Something kept with the last two lines of the paragraph before it: all move on together."""
        if twips <= self.room:
            self.used += twips
            return
        moved = min(2, self.last_lines)
        self.page += 1
        self.used = moved * LINE_PITCH + twips

    def space(self, twips: int) -> None:
        """Spacing before a paragraph: it does not move to the next page by itself."""
        self.used = min(self.used + twips, TEXT_HEIGHT)

    def lines(self, count: int, *, height: int = LINE_PITCH) -> None:
        for _ in range(count):
            self.block(height)

    def paragraph(self, count: int) -> None:
        """A paragraph of ``count`` lines, split as the readers' widow and orphan control does: never one line
        alone at the foot of a page or at the head of the next."""
        free = self.room // LINE_PITCH
        if count <= free:
            self.used += count * LINE_PITCH
            self.last_lines = count
            return
        if free >= 2 and count - free >= 2:
            first = free
        elif free >= 2 and count >= 4:
            first = count - 2
        else:
            first = 0
        self.page += 1
        self.used = 0
        self.lines(count - first)
        self.last_lines = count

    def block(self, twips: int) -> None:
        """Something that does not split: a line, or a table row (one taller than a page splits by lines)."""
        self.last_lines = 0
        if twips > TEXT_HEIGHT:
            self.lines(math.ceil(twips / LINE_PITCH))
            return
        if self.used + twips > TEXT_HEIGHT:
            self.page += 1
            self.used = 0
        self.used += twips

    @property
    def room(self) -> int:
        return TEXT_HEIGHT - self.used
