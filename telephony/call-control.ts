import twilio from "twilio";
import type { TelephonyConfig } from "./config";
import { VoiceResponse } from "./twiml";

/** Changes a live call through Twilio's REST API; simulated (and only recorded) without an account. */
export interface CallControl {
  readonly simulated: boolean;
  /** Redirects the live call to a <Dial> of `number` (110, a department hotline …). */
  transfer(callSid: string, number: string): Promise<void>;
  /** Takes the waiting caller out of the queue to the operator's browser softphone. */
  connectToOperator(callSid: string, operatorId: string, recordingCallbackUrl: string): Promise<void>;
}

/** The Voice SDK identity of an operator's softphone. */
export const softphoneIdentity = (operatorId: string) => `operator-${operatorId}`;

export function createCallControl(config: TelephonyConfig): CallControl {
  if (!config.rest) {
    return { simulated: true, transfer: async () => {}, connectToOperator: async () => {} };
  }
  const client = twilio(config.rest.accountSid, config.rest.authToken);
  const softphone = config.softphone;
  return {
    simulated: false,
    async transfer(callSid, number) {
      const twiml = new VoiceResponse();
      twiml.dial({ callerId: config.phoneNumber }, number);
      await client.calls(callSid).update({ twiml: twiml.toString() });
    },
    async connectToOperator(callSid, operatorId, recordingCallbackUrl) {
      // Without softphone credentials there is nowhere to ring; the operator's screen pops and the
      // caller keeps hearing the wait message until the operator calls back (documented limit).
      if (!softphone) return;
      const twiml = new VoiceResponse();
      twiml
        .dial({ record: "record-from-answer-dual", recordingStatusCallback: recordingCallbackUrl, recordingStatusCallbackEvent: ["completed"] })
        .client(softphoneIdentity(operatorId));
      await client.calls(callSid).update({ twiml: twiml.toString() });
    },
  };
}

/** A Voice SDK access token for the operator's browser softphone (one hour). */
export function softphoneAccessToken(config: TelephonyConfig, operatorId: string): string | null {
  if (!config.softphone || !config.rest) return null;
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(config.rest.accountSid, config.softphone.apiKey, config.softphone.apiSecret, { identity: softphoneIdentity(operatorId), ttl: 3600 });
  token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: config.softphone.twimlAppSid, incomingAllow: true }));
  return token.toJwt();
}
