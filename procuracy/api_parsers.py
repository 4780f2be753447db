"""Request parsers of the API: DRF's, with every malformed body refused as a 400 in Chinese.

Python's json module recurses once per nesting level, so a body of a few thousand ``[`` raises
RecursionError, which DRF does not expect from a parser and lets through as a 500.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("请求内容嵌套层数过多") from None
        except ParseError:
            raise ParseError("请求内容不是有效的 JSON") from None
