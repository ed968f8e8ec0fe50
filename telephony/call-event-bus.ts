import { EventEmitter } from "node:events";

/**
 * Wakes an operator's screen-pop stream the moment this process connects a call to them. It is
 * only a shortcut: the stream also re-reads the database every second, which is what makes it
 * correct when the webhook was handled by another process (see docs/decisions/0007-telephony.md).
 */
export class CallEventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  notifyOperator(operatorId: string) {
    this.emitter.emit(operatorId);
  }

  /** Resolves on the next notification for the operator, after `ms`, or when `signal` aborts. */
  waitForOperator(operatorId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(operatorId, done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.emitter.on(operatorId, done);
      signal.addEventListener("abort", done);
    });
  }
}
