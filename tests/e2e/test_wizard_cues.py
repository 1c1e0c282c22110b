"""The hands-free cues: spoken countdown and rep counts, beeps, the screen kept on, the iOS motion
permission and the install offer.

Headless Chromium neither speaks, plays sound, dims its screen nor offers installation, so each
test records what the page asks of those browser APIs (the calls still reach the real ones).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e import wizard_driver as wizard

# Runs before the app's scripts: keeps a log of every utterance, tone and wake lock.
RECORD_CUES = """
(() => {
  const cues = { spoken: [], tones: [], wakeLocks: 0, wakeLocksReleased: 0 };
  window.cueLog = cues;
  const speak = speechSynthesis.speak.bind(speechSynthesis);
  speechSynthesis.speak = (utterance) => { if (utterance.text) cues.spoken.push(utterance.text); return speak(utterance); };
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) { cues.tones.push(this.frequency.value); return start.apply(this, args); };
  if (navigator.wakeLock) {
    const request = navigator.wakeLock.request.bind(navigator.wakeLock);
    navigator.wakeLock.request = async (type) => {
      cues.wakeLocks += 1;
      const sentinel = await request(type);
      sentinel.addEventListener("release", () => { cues.wakeLocksReleased += 1; });
      return sentinel;
    };
  }
})();
"""

# An iPhone's motion sensor answers only after the page asks, from a tap.
IOS_MOTION_PERMISSION = """
(() => {
  window.motionPermissionAsked = 0;
  DeviceOrientationEvent.requestPermission = async () => { window.motionPermissionAsked += 1; return "granted"; };
})();
"""


def cue_log(page: Page) -> dict:
    return page.evaluate("window.cueLog")


def test_recording_counts_down_out_loud_beeps_and_keeps_the_screen_on(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(RECORD_CUES)
    page = context.new_page()
    wizard.open_camera_step(page, app_url)
    wizard.wait_until_ready(page)
    wizard.record_both_legs(page)
    # The end is said as the review opens, not before it: on a loaded machine a moment later.
    page.wait_for_function("() => window.cueLog.spoken.includes('Done.')", timeout=15_000)

    cues = cue_log(page)
    spoken = cues["spoken"]
    # Before each leg: the countdown, then the start; during the left leg: each rep; then the end.
    for words in (
        "3",
        "2",
        "1",
        "Go. 5 slow squats.",
        "Now your right leg. Stand on your right leg.",
        "Done.",
    ):
        assert words in spoken, (words, spoken)
    assert (
        spoken.index("3")
        < spoken.index("2")
        < spoken.index("1")
        < spoken.index("Go. 5 slow squats.")
    )
    assert {"1", "4"} <= set(spoken[spoken.index("Go. 5 slow squats.") + 1 :]), spoken
    # Countdown ticks at 660 Hz, the start at 1046 Hz, for each leg.
    assert cues["tones"].count(1046) == 2, cues["tones"]
    assert cues["tones"].count(660) >= 6, cues["tones"]
    # The screen stays on from the camera step until the review, then the lock is let go.
    assert cues["wakeLocks"] >= 1, cues
    wizard.wait_until(
        page, "() => window.cueLog.wakeLocksReleased === window.cueLog.wakeLocks", 10_000
    )
    context.close()


def test_opening_the_camera_asks_for_the_motion_sensor_on_ios(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(IOS_MOTION_PERMISSION)
    page = context.new_page()
    wizard.open_camera_step(page, app_url)
    assert page.evaluate("window.motionPermissionAsked") == 1
    context.close()


def test_the_install_offer_opens_the_browser_prompt(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{app_url}/capture")
    expect(page.locator(".wiz[data-ready]")).to_have_count(1)
    expect(page.get_by_test_id("install-app")).to_have_count(0)
    # What Chromium fires once the app meets the installability criteria.
    page.evaluate(
        """() => {
            const offer = new Event("beforeinstallprompt", { cancelable: true });
            window.installPrompted = 0;
            offer.prompt = () => { window.installPrompted += 1; };
            offer.userChoice = Promise.resolve({ outcome: "accepted" });
            window.dispatchEvent(offer);
        }"""
    )
    install = page.get_by_test_id("install-app")
    expect(install).to_be_visible()
    install.click()
    expect(install).to_have_count(0)
    assert page.evaluate("window.installPrompted") == 1
    page.close()
