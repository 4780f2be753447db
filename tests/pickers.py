"""Choosing people in a Tom Select picker the way a user does: type part of the name, pick the person offered,
leave the picker. One helper for every browser journey, because each hand-written copy met the same races on a
loaded CI machine."""


def pick(page, field: str, name: str, typed: int = 2) -> None:
    """Picks `name` in the picker of form field `field` and closes its dropdown."""
    # Typed into the picker's own field (focused first), not wherever the focus is: on a loaded machine the
    # previous picker's Escape, or Tom Select's own refocus after a pick, could still hold it.
    control = page.locator(f"#id_{field}-ts-control")
    control.click()
    control.press_sequentially(name[:typed])
    # The field's own dropdown: another picker's (closed) one may offer the same person earlier in the page.
    dropdown = page.locator(f"#id_{field}-ts-dropdown")
    dropdown.locator(".option", has_text=name).first.click()
    # The pick has landed (the chosen item is in the box) before the dropdown is closed and the journey goes on.
    control.locator("xpath=..").locator(".item", has_text=name).first.wait_for()
    control.press("Escape")
    dropdown.wait_for(state="hidden")
