"""Dates and ordinals as Chinese official documents write them."""

import datetime

_DIGITS = "零一二三四五六七八九"


def chinese_date(day: datetime.date) -> str:
    """2026年11月23日: Arabic numerals, full year, no leading zeros (GB/T 9704-2012, 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九: the ordinals of 一、 and （一） headings."""
    if not 1 <= number <= 99:
        raise ValueError(f"{number} is outside 1–99, the range of heading ordinals")
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    return f"{_DIGITS[tens] if tens > 1 else ''}十{_DIGITS[units] if units else ''}"
