import { InquirySubmitted } from '../../contracts/inquiries-contracts.js';
import { RequestTranslationV2 } from '../../contracts/translations-contracts.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import type { LanguageDetector } from './language-detector.js';
import { type InquiryInput, insertInquiry, newInquiry } from './new-inquiry.js';

/**
 * UC-1: save, announce, and ask for a translation when the text is not English — one transaction, both messages
 * through its outbox (the transaction's own `publish`).
 */
export async function submitInquiry(
  context: ServiceContext,
  input: InquiryInput,
  detect: LanguageDetector,
): Promise<string> {
  const inquiry = await newInquiry(input, detect);
  await context.messaging.transaction(async (tx, publish) => {
    await insertInquiry(tx, inquiry);
    await publish(InquirySubmitted, inquiry);
    if (inquiry.languageCode !== 'en') {
      await publish(RequestTranslationV2, {
        text: inquiry.description,
        languageCode: inquiry.languageCode,
        referenceId: inquiry.id,
      });
    }
  });
  return inquiry.id;
}
