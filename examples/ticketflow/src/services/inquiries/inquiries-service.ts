import { InquirySubmitted, InquiryUpdated } from '../../contracts/inquiries-contracts.js';
import { RequestTranslationV2 } from '../../contracts/translations-contracts.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { registerInquiriesHandlers } from './inquiries-handlers.js';
import { registerInquiriesRoutes } from './inquiries-routes.js';
import { INQUIRIES_SCHEMA } from './inquiries-schema.js';
import { detectLanguageLocally, type LanguageDetector } from './language-detector.js';

export interface InquiriesServiceOptions {
  readonly detectLanguage?: LanguageDetector;
}

/**
 * Inquiries: accepts customers' inquiries, detects their language, announces them and asks for translation of
 * non-English ones — all in one transaction with the outbox. Follows the ticket's life (New → InProgress →
 * Resolved).
 */
export function inquiriesService(options: InquiriesServiceOptions = {}): ServiceModule {
  const detectLanguage = options.detectLanguage ?? detectLanguageLocally;
  return {
    name: 'inquiries',
    publishes: [InquirySubmitted, InquiryUpdated, RequestTranslationV2],
    migrate: async (sql) => {
      await runScript(sql, INQUIRIES_SCHEMA);
    },
    configure: registerInquiriesHandlers,
    routes: (app, context) => registerInquiriesRoutes(app, context, detectLanguage),
  };
}
