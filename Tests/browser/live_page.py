"""What a test does with the live page (`GET /live`), in the page's own terms:
register, click reaction buttons, read the tally and the connection state.

Every wait is bounded and polls what a person would look at (the text on the page),
so a slow machine makes a test slower, never wrong.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, TypeVar

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

WAIT_S = 45.0
T = TypeVar("T")

EMOJIS = ["😀", "😂", "😍", "🥳", "😮", "😢", "😡", "👍", "👏", "🔥", "❤️", "🎉"]


class LivePage:
    def __init__(self, driver: WebDriver, gateway_url: str) -> None:
        self.driver = driver
        self.gateway_url = gateway_url
        self.console: list[dict] = []

    # -- navigation and waiting ----------------------------------------------------------------

    def open(self, query: str = "") -> None:
        self.driver.get(f"{self.gateway_url}/live{query}")
        self.wait_for(lambda: self.driver.execute_script("return document.readyState") == "complete", "page load")

    def wait_for(self, condition: Callable[[], T], what: str, timeout: float = WAIT_S) -> T:
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            try:
                result = condition()
                if result:
                    return result
            except Exception as error:  # an element replaced mid-read: read again
                last_error = error
            time.sleep(0.1)
        raise AssertionError(
            f"timed out after {timeout:.0f} s waiting for {what}; connection: {self.connection_text()!r}; "
            f"tally: {self.tally()}; last error: {last_error}"
        )

    def element(self, element_id: str) -> WebElement:
        return self.driver.find_element(By.ID, element_id)

    # -- joining -------------------------------------------------------------------------------

    def register(self, client_id: str) -> None:
        field = self.element("client-id")
        field.clear()
        field.send_keys(client_id)
        self.element("register").click()

    def connection_state(self) -> str:
        return self.element("connection").get_attribute("data-state") or ""

    def connection_text(self) -> str:
        try:
            return self.element("connection-text").text
        except Exception:
            return "?"

    def wait_until_live(self, timeout: float = WAIT_S) -> None:
        self.wait_for(lambda: self.connection_state() == "live", "the page to be live", timeout)

    # -- reacting ------------------------------------------------------------------------------

    def emoji_button(self, emoji: str) -> WebElement:
        for button in self.driver.find_elements(By.CSS_SELECTOR, "button.emoji"):
            if button.get_attribute("data-emoji") == emoji:
                return button
        raise AssertionError(f"no button for {emoji}")

    def sent_count(self) -> int:
        text = self.element("send-status").text
        marker = " sent from this page"
        if marker not in text:
            return 0
        return int(text.split(marker)[0].rsplit("· ", 1)[-1])

    # -- reading -------------------------------------------------------------------------------

    def tally(self) -> dict[str, tuple[int, int]]:
        """emoji → (last window, since joining), as the table shows them.

        Read in one script call: the page redraws the table on every window, so reading it cell by cell over
        WebDriver could mix two windows or hit a row that was just replaced.
        """
        rows = self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#tally-body tr'), row => ["
            "row.querySelector('th').textContent, row.querySelector('td.last').textContent,"
            "row.querySelector('td.total').textContent])"
        )
        return {emoji: (int(last), int(total)) for emoji, last, total in rows}

    def totals(self) -> dict[str, int]:
        return {emoji: total for emoji, (_, total) in self.tally().items()}

    def wait_for_totals(self, expected: dict[str, int], timeout: float = WAIT_S) -> None:
        self.wait_for(lambda: self.totals() == expected, f"the tally to show {expected}", timeout)

    def floaters(self) -> int:
        return len(self.driver.find_elements(By.CSS_SELECTOR, "#swarm .floater"))

    # -- evidence ------------------------------------------------------------------------------

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path

    def collect_console(self) -> list[dict]:
        """Console messages since the last call (Chromium hands each one out once)."""
        entries = self.driver.get_log("browser")
        self.console.extend(entries)
        return entries

    def console_errors(self, allowed: Callable[[str], bool] = lambda _: False) -> list[str]:
        self.collect_console()
        return [
            entry["message"] for entry in self.console
            if entry.get("level") == "SEVERE" and not allowed(entry.get("message", ""))
        ]
