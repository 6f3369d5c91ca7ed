import type { link, Sender } from 'rhea';
import type { AmqpErrorFields, LinkInternals } from './rhea-module.js';

const internals = (target: link): LinkInternals => target as unknown as LinkInternals;

/**
 * rhea answers a peer's attach as soon as the attach event returns. Service Bus holds an accept-next-session
 * attach until a session is free (or its timeout passes), so the answer is taken back here and given later with
 * `answerAttach`. This reaches into rhea's endpoint state (the only way to defer); it lives in this one place.
 */
export function holdAttach(target: link): void {
  const { state } = internals(target);
  state.local_open = false;
  state.open_requests = Math.max(0, state.open_requests - 1);
}

export function answerAttach(target: link): void {
  target.open();
}

/** Refuse a link: an attach without a terminus, then a detach with the error (AMQP 1.0, 2.6.3). */
export function refuseLink(target: link, error: AmqpErrorFields): void {
  const { state } = internals(target);
  if (!state.local_open) target.open();
  target.close(error as Parameters<link['close']>[0]);
}

export function setAttachProperties(target: link, properties: Record<string, unknown>): void {
  internals(target).local.attach.properties = properties;
}

export function setMaxMessageSize(target: link, bytes: number): void {
  internals(target).local.attach.max_message_size = bytes;
}

export function creditOf(target: link): number {
  return internals(target).credit;
}

/** Answer with the settle modes the peer asked for (peek-lock: unsettled, settled second; or pre-settled). */
export function mirrorSettleModes(target: link): void {
  const { attach } = internals(target).local;
  attach.snd_settle_mode = target.snd_settle_mode;
  attach.rcv_settle_mode = target.rcv_settle_mode;
}

/**
 * Answer every drain with a drained flow. rhea echoes `drain` only while credit is left, but the messages sent in
 * answer to a drain may use it all up, and the SDK then waits for a drained flow that never comes (and closes the
 * link after its drain timeout). AMQP 1.0 (2.6.7) has the sender answer a drain with a flow either way.
 */
export function alwaysAnswerDrain(sender: Sender): void {
  const flow = sender as unknown as DrainState;
  flow._get_drain = function getDrain(this: DrainState) {
    if (!this._draining || !this._drained) return false;
    this.delivery_count += this.credit;
    this.credit = 0;
    return true;
  };
}

interface DrainState {
  _draining: boolean;
  _drained: boolean;
  credit: number;
  delivery_count: number;
  _get_drain: () => boolean;
}
