/**
 * A strict little XML reader for TwiML, and the allow-list of Twilio's voice and messaging verbs,
 * nouns and attributes (from Twilio's TwiML reference). Throws on malformed XML.
 */
const VOICE: Record<string, string[]> = {
  Response: [],
  Say: ["voice", "language", "loop"],
  Play: ["loop", "digits"],
  Pause: ["length"],
  Gather: ["input", "action", "method", "timeout", "speechTimeout", "numDigits", "finishOnKey", "language", "hints", "profanityFilter", "speechModel", "enhanced", "partialResultCallback", "actionOnEmptyResult"],
  Enqueue: ["action", "method", "waitUrl", "waitUrlMethod", "workflowSid", "maxQueueSize"],
  Leave: [],
  Record: ["action", "method", "timeout", "finishOnKey", "maxLength", "playBeep", "trim", "recordingStatusCallback", "recordingStatusCallbackMethod", "recordingStatusCallbackEvent", "transcribe", "transcribeCallback"],
  Redirect: ["method"],
  Hangup: [],
  Reject: ["reason"],
  Dial: ["action", "method", "timeout", "callerId", "record", "recordingStatusCallback", "recordingStatusCallbackMethod", "recordingStatusCallbackEvent", "timeLimit", "answerOnBridge", "ringTone", "hangupOnStar"],
  Number: ["sendDigits", "url", "method", "statusCallback", "statusCallbackEvent"],
  Client: ["url", "method", "statusCallback", "statusCallbackEvent"],
  Queue: ["url", "method"],
};
const MESSAGING: Record<string, string[]> = { Response: [], Message: ["to", "from", "action", "method", "statusCallback"], Body: [], Media: [], Redirect: ["method"] };

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
}

export function parseXml(xml: string): Element {
  let i = 0;
  const text = xml.replace(/^<\?xml[^?]*\?>/, "");
  const fail = (why: string) => {
    throw new Error(`Malformed XML at ${i}: ${why}\n${xml}`);
  };
  const checkText = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(s) || s.includes("<")) fail(`bad text ${s}`);
  };
  function element(): Element {
    const open = /^<([A-Za-z][\w.-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/.exec(text.slice(i));
    if (!open) fail("expected an element");
    i += open![0].length;
    const attributes: Record<string, string> = {};
    for (const m of open![2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (m[1]! in attributes) fail(`duplicate attribute ${m[1]}`);
      checkText(m[2]!);
      attributes[m[1]!] = m[2]!;
    }
    const node: Element = { name: open![1]!, attributes, children: [] };
    if (open![3] === "/") return node;
    for (;;) {
      const close = `</${node.name}>`;
      if (text.startsWith(close, i)) {
        i += close.length;
        return node;
      }
      if (text[i] === "<") node.children.push(element());
      else {
        const end = text.indexOf("<", i);
        if (end === -1) fail("unclosed element");
        checkText(text.slice(i, end));
        i = end;
      }
    }
  }
  const root = element();
  if (text.slice(i).trim() !== "") fail("content after the root element");
  return root;
}

/** Parses TwiML and returns every element or attribute Twilio does not define (empty = fine). */
export function twimlViolations(xml: string, kind: "voice" | "messaging"): string[] {
  const allowed = kind === "voice" ? VOICE : MESSAGING;
  const root = parseXml(xml);
  const problems: string[] = [];
  if (root.name !== "Response") problems.push(`root is <${root.name}>`);
  const walk = (node: Element) => {
    const attrs = allowed[node.name];
    if (!attrs) problems.push(`<${node.name}> is not a TwiML ${kind} element`);
    else for (const a of Object.keys(node.attributes)) if (!attrs.includes(a)) problems.push(`<${node.name} ${a}> is not a Twilio attribute`);
    node.children.forEach(walk);
  };
  walk(root);
  return problems;
}
