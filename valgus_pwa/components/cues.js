// Hands-free cues for a runner standing 2–3 m from the phone: voice, beeps, the screen kept on,
// and the phone's tilt from its motion sensor.

let audio = null;

/** Call from a tap: browsers only allow sound that a user gesture unlocked. */
export function unlockSound() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!audio && Context) audio = new Context();
  if (audio && audio.state === "suspended") audio.resume().catch(() => null);
  // Some browsers only speak after a first utterance inside a gesture.
  if ("speechSynthesis" in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(""));
}

export function speak(text) {
  if (!("speechSynthesis" in window) || !text) return;
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = "en-GB";
  utterance.rate = 1.05;
  window.speechSynthesis.speak(utterance);
}

export function beep(frequency = 880, seconds = 0.18) {
  if (!audio) return;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.4, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + seconds);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + seconds);
}

/** Keep the screen on until the returned release() is called; re-taken when the tab returns. */
export function keepScreenOn() {
  if (!("wakeLock" in navigator)) return () => null;
  let lock = null;
  let released = false;
  const acquire = async () => {
    try {
      lock = await navigator.wakeLock.request("screen");
    } catch {
      lock = null; // Refused (battery saver, hidden tab): the recording still works.
    }
  };
  const onVisible = () => {
    if (!released && document.visibilityState === "visible") acquire();
  };
  acquire();
  document.addEventListener("visibilitychange", onVisible);
  return () => {
    released = true;
    document.removeEventListener("visibilitychange", onVisible);
    if (lock) lock.release().catch(() => null);
  };
}

/** iOS asks before giving motion data; call from a tap. Resolves true when allowed or not needed. */
export async function askTiltPermission() {
  const Orientation = window.DeviceOrientationEvent;
  if (!Orientation || typeof Orientation.requestPermission !== "function") return true;
  try {
    return (await Orientation.requestPermission()) === "granted";
  } catch {
    return false;
  }
}

const NO_SENSOR_AFTER_MS = 1500;

/**
 * The phone's tilt from a deviceorientation reading (beta, gamma in degrees): pitch is the
 * screen leaning back (+) or forward (-) from vertical, roll the sideways lean in portrait.
 */
export function tiltOf(betaDeg, gammaDeg) {
  const beta = (betaDeg * Math.PI) / 180;
  const gamma = (gammaDeg * Math.PI) / 180;
  // Direction of "up" in the phone's frame: x right, y to the top edge, z out of the screen.
  const up = [-Math.cos(beta) * Math.sin(gamma), Math.sin(beta), Math.cos(beta) * Math.cos(gamma)];
  return {
    available: true,
    pitch: (Math.asin(Math.max(-1, Math.min(1, up[2]))) * 180) / Math.PI,
    roll: (Math.atan2(up[0], up[1]) * 180) / Math.PI,
  };
}

/**
 * Report the phone's tilt to onTilt({available, pitch, roll}) in degrees: pitch is the screen
 * leaning back (+) or forward (-) from vertical, roll the sideways lean in portrait. available is
 * false when no sensor answers. Returns a function that stops watching.
 */
export function watchTilt(onTilt) {
  let heard = false;
  const onOrientation = (event) => {
    if (event.beta === null || event.gamma === null) return;
    heard = true;
    onTilt(tiltOf(event.beta, event.gamma));
  };
  window.addEventListener("deviceorientation", onOrientation);
  const timer = setTimeout(() => {
    if (!heard) onTilt({ available: false });
  }, NO_SENSOR_AFTER_MS);
  return () => {
    clearTimeout(timer);
    window.removeEventListener("deviceorientation", onOrientation);
  };
}
