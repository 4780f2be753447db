"""What the OpenAPI schema says that drf-spectacular cannot read from the views and serializers.

- Every operation declares the refusals it can give, all in one ``Error`` shape: the one
  ``procuracy.api_errors.api_exception_handler`` returns, so a generated client parses every 4xx alike.
- Every enum lists its values' Chinese labels as ``x-enum-descriptions`` (in the order of ``enum``), the
  convention client generators and documentation tools read, besides the readable description.

Both are postprocessing hooks (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``), run on the finished schema.
"""

import re

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "接口拒绝请求时的统一格式（4xx）。",
    "properties": {
        "code": {"type": "string", "description": "稳定的错误代码，如 invalid、not_allowed_in_state、not_found"},
        "detail": {"type": "string", "description": "中文说明"},
        "field": {"type": "string", "description": "出错的字段（如有）"},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "输入有误时，按字段列出的错误信息（code 为 invalid 时）",
        },
    },
    "required": ["code", "detail"],
}

# Refusals any operation can give, and those only an operation that reads a body can give.
ANY_OPERATION = {
    "400": "请求有误或不允许此操作（code 说明原因，errors 按字段列出输入错误）",
    "401": "未登录或令牌无效、已过期",
    "403": "无权使用此接口",
    "404": "对象不存在或不在您的职责范围内",
}
WITH_BODY = {
    "413": "提交的内容过大",
    "415": "不支持的请求内容类型",
}

_ERROR_CONTENT = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def add_error_responses(result, **kwargs):
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            refusals = dict(ANY_OPERATION)
            if operation.get("security") == [] or "security" not in operation:
                # No authentication at all (the token endpoint): nothing to be unauthenticated about.
                refusals.pop("401")
            if "requestBody" in operation:
                refusals.update(WITH_BODY)
            responses = operation.setdefault("responses", {})
            for status, description in refusals.items():
                response = responses.setdefault(status, {})
                response["description"] = response.get("description") or description
                response.setdefault("content", _ERROR_CONTENT)
    return result


_CHOICE_LINE = re.compile(r"^\* `(?P<value>.*)` - (?P<label>.*)$")


def _labels(description: str) -> dict[str, str]:
    # drf-spectacular writes each choice as "* `value` - label" into the description; read them back.
    return {m["value"]: m["label"] for line in description.splitlines() if (m := _CHOICE_LINE.match(line))}


def add_enum_labels(result, **kwargs):
    for schema in result.get("components", {}).get("schemas", {}).values():
        if "enum" in schema and (labels := _labels(schema.get("description", ""))):
            schema["x-enum-descriptions"] = [labels.get(str(value), "") for value in schema["enum"]]
    # A query parameter's choices are inline, and their labels are in the parameter's description.
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if "enum" in schema and (labels := _labels(parameter.get("description", ""))):
                    schema["x-enum-descriptions"] = [labels.get(str(value), "") for value in schema["enum"]]
    return result
