/**
 * Who is listening for payment updates: the open WebSocket connections per user, bounded per user and in
 * total (docs/architecture.md §4.9). Handlers publish from `context.afterCommit`, routes after their commit,
 * so a client never hears of a change that was rolled back.
 */
import type { PaymentView } from '../domain/paymentView.ts';

/** The part of a WebSocket the hub uses. */
export type StatusSocket = { send(data: string): void; close(code?: number, reason?: string): void };

type PaymentEvent = { event: 'payment.status' } & PaymentView;

export type StatusHub = {
  /** Adds a connection; false when the user or the process is at its limit. */
  add(userId: string, socket: StatusSocket): boolean;
  remove(userId: string, socket: StatusSocket): void;
  /** Sends the payment's new state to every connection of `userId`; returns how many got it. */
  publish(userId: string, payment: PaymentView): number;
  connections(userId?: string): number;
  closeAll(code: number, reason: string): void;
};

export const createStatusHub = (limits: { perUserMax: number; totalMax: number }): StatusHub => {
  const byUser = new Map<string, Set<StatusSocket>>();
  let total = 0;
  return {
    add(userId, socket) {
      const sockets = byUser.get(userId) ?? new Set<StatusSocket>();
      if (sockets.size >= limits.perUserMax || total >= limits.totalMax) return false;
      sockets.add(socket);
      byUser.set(userId, sockets);
      total += 1;
      return true;
    },
    remove(userId, socket) {
      const sockets = byUser.get(userId);
      if (!sockets?.delete(socket)) return; // already gone (dropped by publish, or removed twice)
      total -= 1;
      if (sockets.size === 0) byUser.delete(userId);
    },
    publish(userId, payment) {
      const sockets = byUser.get(userId);
      if (!sockets) return 0;
      const text = JSON.stringify({ event: 'payment.status', ...payment } satisfies PaymentEvent);
      let sent = 0;
      for (const socket of sockets) {
        try {
          socket.send(text);
          sent += 1;
        } catch {
          // A socket that broke mid-send is dropped; its 'close' also removes it. Others still get the update.
          sockets.delete(socket);
          total -= 1;
        }
      }
      if (sockets.size === 0) byUser.delete(userId);
      return sent;
    },
    connections(userId) {
      return userId === undefined ? total : (byUser.get(userId)?.size ?? 0);
    },
    closeAll(code, reason) {
      for (const sockets of byUser.values()) for (const socket of sockets) socket.close(code, reason);
    },
  };
};
