"""Demo 检务督察专报 and 批示 (placeholder until it lands)."""


def seed(*, procuratorate, users) -> None:
    return None
