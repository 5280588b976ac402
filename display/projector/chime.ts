// An optional chime (WebAudio, no sound file) for the countdown's warnings; off unless the link says ?chime=1.
import { option } from '../common/socket';

export const chimeEnabled = option('chime') === '1';
let audio: AudioContext | null = null;

/** Unlocks audio on the first click or key (browsers refuse sound before a gesture, unless the kiosk allows autoplay). */
export function armChime(): void {
  if (!chimeEnabled) return;
  const unlock = () => {
    audio ??= new AudioContext();
    void audio.resume();
  };
  window.addEventListener('pointerdown', unlock, { once: true });
  window.addEventListener('keydown', unlock, { once: true });
  try {
    unlock();
  } catch {
    // no audio device: stay silent
  }
}

/** Plays `count` soft tones (two for the 60 s warning, three at 10 s, a long one at zero). */
export function chime(count: number, long = false): void {
  if (!chimeEnabled || !audio || audio.state !== 'running') return;
  const t0 = audio.currentTime + 0.02;
  for (let i = 0; i < count; i++) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = i % 2 === 0 ? 880 : 660;
    const start = t0 + i * 0.32;
    const len = long ? 1.1 : 0.24;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.25, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, start + len);
    osc.connect(gain).connect(audio.destination);
    osc.start(start);
    osc.stop(start + len + 0.05);
  }
}
