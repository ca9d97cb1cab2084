"""The live page in a real browser against a real EmoStream system.

Each test does what a viewer would: open /live, register, press reaction buttons
(with the mouse or the keyboard), and read the tally the page shows, which only
fills from windows the subscriber pushed over the WebSocket. It then checks the
console stayed free of errors and leaves a screenshot in the artifacts folder.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from cluster import wait_for_aggregated
from emostream_harness import http_json
from live_page import EMOJIS, LivePage


def fresh_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_register_click_and_see_the_tally(live_page: LivePage, cluster, artifacts_dir: Path) -> None:
    page = live_page
    page.open()
    assert page.driver.title == "EmoStream live"
    assert [b.get_attribute("data-emoji") for b in page.driver.find_elements(By.CSS_SELECTOR, "button.emoji")] == EMOJIS
    assert page.connection_state() == "idle"

    client_id = fresh_id("browser")
    page.register(client_id)
    page.wait_until_live()
    assert page.element("assigned-subscriber").text == "cluster 0, subscriber 0"
    assert f":{cluster.subscriber_port(0, 0)}/ws" in page.element("assigned-address").text
    status, clients = http_json("POST", f"{cluster.gateway_url}/register_client", {"client_id": client_id})
    assert status == 200 and clients["message"] == f"Client {client_id} is already registered."

    clicks = {"😂": 3, "❤️": 2, "🎉": 1}
    for emoji, times in clicks.items():
        button = page.emoji_button(emoji)
        for _ in range(times):
            button.click()
    page.wait_for(lambda: page.sent_count() == 6, "six answered POST /emoji")
    page.wait_for_totals(clicks)
    assert page.element("tally-total").text == "6"
    # The windows that filled the tally also launched the swarm.
    assert page.floaters() > 0
    assert page.element("window-info").text.startswith("Last window ")

    page.screenshot(artifacts_dir / "live-page-tally.png")
    assert page.console_errors() == []


def test_keyboard_only_on_a_phone_sized_screen(phone_page: LivePage, artifacts_dir: Path) -> None:
    page = phone_page
    page.open()
    # Readable on a phone: nothing wider than the screen, so nothing scrolls sideways.
    widths = page.driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[1] == 390
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide on a {widths[1]} px screen"

    # Every control is reachable with Tab, in reading order.
    body = page.driver.find_element(By.TAG_NAME, "body")
    body.click()
    seen = []
    for _ in range(30):
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
        focused = page.driver.switch_to.active_element
        seen.append(focused.get_attribute("id") or focused.get_attribute("data-emoji") or focused.tag_name)
    for control in ["client-id", "generate", "room", "register", *EMOJIS, "stream"]:
        assert control in seen, f"{control} is not reachable with Tab: {seen}"
    assert seen.index("client-id") < seen.index("register") < seen.index("😀") < seen.index("stream")

    # Focus is visible on the focused control.
    while page.driver.switch_to.active_element.get_attribute("id") != "client-id":
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
    focused = page.driver.switch_to.active_element
    outline = page.driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", focused)
    assert outline not in ("", "none")

    # Type an id and press Enter: the form registers and connects.
    focused.send_keys(Keys.CONTROL, "a")
    focused.send_keys(fresh_id("keyboard"), Keys.ENTER)
    page.wait_until_live()

    # Tab to 😍 and press it with Enter twice and Space once.
    while page.driver.switch_to.active_element.get_attribute("data-emoji") != "😍":
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
    button = page.driver.switch_to.active_element
    button.send_keys(Keys.ENTER)
    button.send_keys(Keys.ENTER)
    button.send_keys(Keys.SPACE)
    page.wait_for(lambda: page.sent_count() == 3, "three answered POST /emoji")
    page.wait_for_totals({"😍": 3})

    page.screenshot(artifacts_dir / "live-page-phone.png")
    assert page.console_errors() == []


def test_reconnects_and_recovers_the_windows_it_missed(live_page: LivePage, cluster, artifacts_dir: Path) -> None:
    page = live_page
    page.open()
    page.register(fresh_id("recovering"))
    page.wait_until_live()
    page.emoji_button("👍").click()
    page.wait_for_totals({"👍": 1})

    # Kill the page's subscriber while `emostream up` is paused, so it stays down until the reactions sent
    # meanwhile have been aggregated: the page can then only get them as a replay after it reconnects.
    cluster.pause()
    try:
        cluster.kill_service("subscriber-0-0")
        page.wait_for(lambda: page.connection_state() != "live", "the page to notice the lost connection")
        for _ in range(4):
            status, answer = http_json("POST", f"{cluster.gateway_url}/emoji", {"emoji_type": "🔥", "room": "main"})
            assert status == 200, answer
        wait_for_aggregated(cluster, "main", "🔥", 4)
        assert page.totals() == {"👍": 1}
    finally:
        cluster.resume()

    page.wait_until_live(timeout=60)
    page.wait_for_totals({"👍": 1, "🔥": 4})
    note = page.element("recovery-note")
    assert note.is_displayed()
    assert "recovered" in note.text and "none lost" in note.text, note.text
    assert "recovered" in page.element("window-info").text
    page.screenshot(artifacts_dir / "live-page-recovered.png")

    # The only console errors are the refused reconnects while the subscriber was down.
    refused = f"ws://localhost:{cluster.subscriber_port(0, 0)}/ws' failed"
    assert page.console_errors(allowed=lambda message: refused in message) == []
