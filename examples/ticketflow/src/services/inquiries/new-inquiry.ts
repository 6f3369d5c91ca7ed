import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@pragmatic-messaging/core';
import type { LanguageDetector } from './language-detector.js';

export interface InquiryInput {
  readonly name: string;
  readonly email: string;
  readonly title: string;
  readonly description: string;
  readonly category: 'General' | 'Technical' | 'Billing' | 'Other';
}

export interface NewInquiry extends InquiryInput {
  readonly id: string;
  readonly languageCode: string;
  readonly createdAt: string;
}

/** A fresh inquiry: its id (which its ticket will share), its detected language, its creation time. */
export async function newInquiry(input: InquiryInput, detect: LanguageDetector): Promise<NewInquiry> {
  return {
    ...input,
    id: randomUUID(),
    languageCode: await detect(`${input.title}. ${input.description}`),
    createdAt: new Date().toISOString(),
  };
}

export async function insertInquiry(sql: SqlExecutor, inquiry: NewInquiry): Promise<void> {
  await sql.query(
    `INSERT INTO inquiries.inquiries (id, name, email, title, description, category, language_code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      inquiry.id,
      inquiry.name,
      inquiry.email,
      inquiry.title,
      inquiry.description,
      inquiry.category,
      inquiry.languageCode,
      inquiry.createdAt,
    ],
  );
}
