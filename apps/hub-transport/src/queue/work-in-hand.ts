/**
 * What this hub instance is working on right now: the messages being categorized and the
 * deliveries being attempted. Only these leases are renewed. Work whose pass failed (a
 * deadlock, the database away) is let go here, so its lease lapses and any instance takes it
 * up again; renewing every lease the instance ever took would hold such work forever.
 */
export interface DeliveryKey {
  messageId: string;
  recipient: string;
}

const keyOf = (d: DeliveryKey) => `${d.messageId}\n${d.recipient}`;

export class WorkInHand {
  private readonly categorizing = new Set<string>();
  private readonly delivering = new Map<string, DeliveryKey>();

  takeMessages(ids: string[]): void {
    for (const id of ids) this.categorizing.add(id);
  }

  dropMessages(ids: string[]): void {
    for (const id of ids) this.categorizing.delete(id);
  }

  takeDeliveries(deliveries: DeliveryKey[]): void {
    for (const d of deliveries)
      this.delivering.set(keyOf(d), { messageId: d.messageId, recipient: d.recipient });
  }

  dropDeliveries(deliveries: DeliveryKey[]): void {
    for (const d of deliveries) this.delivering.delete(keyOf(d));
  }

  /** The leases to renew. */
  held(): { messages: string[]; deliveries: DeliveryKey[] } {
    return { messages: [...this.categorizing], deliveries: [...this.delivering.values()] };
  }
}
