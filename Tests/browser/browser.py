"""Headless Chromium for the browser tests, driven through Debian's chromedriver.

Everything comes from Debian packages (chromium, chromium-driver,
fonts-noto-color-emoji): the binaries are named explicitly and Selenium Manager
is told to stay offline, so nothing is downloaded at test time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_CANDIDATES = ("chromedriver",)


def find_binary(names: tuple[str, ...], variable: str) -> str | None:
    configured = os.environ.get(variable)
    if configured:
        return configured
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def start_chromium(width: int = 1280, height: int = 900, log_path: Path | None = None) -> webdriver.Chrome:
    """A fresh headless Chromium (new profile) whose console messages `get_log("browser")` returns."""
    browser = find_binary(CHROMIUM_CANDIDATES, "EMOSTREAM_CHROMIUM")
    driver = find_binary(DRIVER_CANDIDATES, "EMOSTREAM_CHROMEDRIVER")
    if browser is None or driver is None:
        raise RuntimeError("chromium and chromedriver are needed: run scripts/install-deps.sh")
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        # Tests run as root in CI, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-extensions",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-features=Translate,MediaRouter,OptimizationHints",
        f"--window-size={width},{height}",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=driver, log_output=str(log_path) if log_path else os.devnull)
    chrome = webdriver.Chrome(options=options, service=service)
    chrome.set_page_load_timeout(30)
    chrome.set_script_timeout(30)
    return chrome
