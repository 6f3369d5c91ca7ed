import { randomUUID } from 'node:crypto';
import type { Publish, SqlExecutor } from '@pragmatic-messaging/core';
import { z } from 'zod';
import { MessageStored } from '../../contracts/communication-contracts.js';

/** A message for an agent (recipentUserId) or a customer (recipentEmail); `recipent` is the original's spelling. */
export interface NewUserMessage {
  readonly id?: string | undefined;
  readonly recipentEmail: string | null;
  readonly recipentUserId: string | null;
  /** null: sent by the system. */
  readonly senderUserId: string | null;
  readonly title: string;
  readonly content: string;
  readonly timestamp?: string | undefined;
  readonly isRead?: boolean | undefined;
}

export interface UserMessageRow {
  id: string;
  recipent_email: string | null;
  recipent_user_id: string | null;
  sender_user_id: string | null;
  title: string;
  content: string;
  timestamp: Date | string;
  is_read: boolean;
}

/** A message as the HTTP API shows it (`recipent` is the original's spelling). */
export const UserMessageEntry = z.object({
  id: z.string(),
  recipentEmail: z.string().nullable(),
  recipentUserId: z.string().nullable(),
  senderUserId: z.string().nullable(),
  title: z.string(),
  content: z.string(),
  timestamp: z.string(),
  isRead: z.boolean(),
});

/** One page of messages, with the totals the inbox shows. */
export const UserMessagePage = z.object({
  data: z.array(UserMessageEntry),
  total: z.number().int(),
  unread: z.number().int(),
});

export function userMessageEntry(row: UserMessageRow): z.infer<typeof UserMessageEntry> {
  return {
    id: row.id,
    recipentEmail: row.recipent_email,
    recipentUserId: row.recipent_user_id,
    senderUserId: row.sender_user_id,
    title: row.title,
    content: row.content,
    timestamp: new Date(row.timestamp).toISOString(),
    isRead: row.is_read,
  };
}

/** Stores the message and tells live views (MessageStored) in the same transaction. */
export async function storeUserMessage(
  sql: SqlExecutor,
  publish: Publish,
  message: NewUserMessage,
): Promise<string> {
  const id = message.id ?? randomUUID();
  await sql.query(
    `INSERT INTO communication.messages
       (id, recipent_email, recipent_user_id, sender_user_id, title, content, timestamp, is_read)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      message.recipentEmail,
      message.recipentUserId,
      message.senderUserId,
      message.title,
      message.content,
      message.timestamp ?? new Date().toISOString(),
      message.isRead ?? false,
    ],
  );
  await publish(MessageStored, { id, recipentUserId: message.recipentUserId, title: message.title });
  return id;
}
