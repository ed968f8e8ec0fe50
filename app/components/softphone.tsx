import type { Call as VoiceCall, Device } from "@twilio/voice-sdk";
import { useEffect, useRef, useState } from "react";
import { messages } from "~/app/i18n";

async function fetchToken(): Promise<string | null> {
  const response = await fetch("/intake/calls", { headers: { accept: "application/json" } });
  if (!response.ok) return null;
  return ((await response.json()) as { token: string | null }).token;
}

/**
 * The operator's browser softphone (Twilio Voice SDK), present only when the server hands out an
 * access token (TWILIO_API_KEY / TWILIO_API_SECRET / TWILIO_TWIML_APP_SID set): the queue dials
 * `client:operator-<id>` and the call rings here. The SDK is loaded in the browser only.
 */
export function Softphone() {
  const t = messages.telephony.desk.softphone;
  const device = useRef<Device | null>(null);
  const [state, setState] = useState<"off" | "ready" | "ringing" | "talking" | "error">("off");
  const [call, setCall] = useState<VoiceCall | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const token = await fetchToken().catch(() => null);
      if (!token || cancelled) return;
      const { Device } = await import("@twilio/voice-sdk");
      const phone = new Device(token, { closeProtection: true });
      device.current = phone;
      phone.on("registered", () => setState("ready"));
      phone.on("error", () => setState("error"));
      phone.on("tokenWillExpire", () => void fetchToken().then((fresh) => fresh && phone.updateToken(fresh)));
      phone.on("incoming", (incoming: VoiceCall) => {
        setCall(incoming);
        setState("ringing");
        const done = () => {
          setCall(null);
          setState("ready");
        };
        incoming.on("disconnect", done);
        incoming.on("cancel", done);
        incoming.on("reject", done);
      });
      await phone.register();
    })().catch(() => setState("error"));
    return () => {
      cancelled = true;
      device.current?.destroy();
    };
  }, []);

  if (state === "off") return null;
  return (
    <p className="form-inline softphone" data-testid="softphone">
      <span>
        {t.label}：<strong>{t.states[state]}</strong>
      </span>
      {state === "ringing" && call ? (
        <>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              call.accept();
              setState("talking");
            }}
          >
            {t.answer}
          </button>
          <button type="button" className="button" onClick={() => call.reject()}>
            {t.reject}
          </button>
        </>
      ) : null}
      {state === "talking" && call ? (
        <button type="button" className="button" onClick={() => call.disconnect()}>
          {t.hangUp}
        </button>
      ) : null}
    </p>
  );
}
