// The microphone streamed as 16 kHz PCM16 binary frames. Echo cancellation and noise
// suppression on (the tutor's voice must not be heard as the learner's). A ScriptProcessor
// (4096 frames, ~85 ms at 48 kHz) taps the audio; it is resampled in pure functions (pcm.ts).
import { Resampler, toPcm16 } from "./pcm";

export interface Capture {
  stop(): void;
}

export async function streamMicrophone(context: AudioContext, send: (frame: ArrayBuffer) => void): Promise<Capture> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
  });
  const source = context.createMediaStreamSource(stream);
  const tap = context.createScriptProcessor(4096, 1, 1);
  const resampler = new Resampler(context.sampleRate);
  tap.onaudioprocess = (e) => send(toPcm16(resampler.push(e.inputBuffer.getChannelData(0))));
  const mute = context.createGain();
  mute.gain.value = 0; // the tap must reach the destination to run; nothing is heard
  source.connect(tap).connect(mute).connect(context.destination);
  return {
    stop() {
      tap.disconnect();
      source.disconnect();
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}
