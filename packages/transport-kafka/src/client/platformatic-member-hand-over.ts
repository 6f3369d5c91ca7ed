/**
 * The member id a group member whose coordinator left the cluster hands to the member that replaces it. Such a
 * member can neither heartbeat nor leave its group (the library keeps asking the coordinator it knew), so the
 * group keeps it until its session times out (`sessionTimeoutMs`, 30 s by default). A successor that joined under
 * a new id would get no partition until then; joining under the old id it is that member rejoining, and the group
 * rebalances at once. If the group no longer knows the id, the broker answers UNKNOWN_MEMBER_ID and the library
 * joins again under a new one, as it would have anyway.
 */
export class MemberHandOver {
  private readonly left = new Map<string, string>();

  /** The member `memberId` of group `groupId` is being replaced; its successor may take its id. */
  leave(groupId: string, memberId: string | null | undefined): void {
    if (memberId) this.left.set(groupId, memberId);
  }

  /** The id a replaced member of `groupId` left, once: the next member of the group to join takes it. */
  take(groupId: string): string | undefined {
    const memberId = this.left.get(groupId);
    this.left.delete(groupId);
    return memberId;
  }
}
