import { TranslationCompleted, TranslationSkipped } from '../../contracts/translations-contracts.js';
import type { ServiceContext, ServiceModule } from '../../runtime/service-module.js';
import { registerTranslationsHandlers } from './translations-handlers.js';
import { registerTranslationsRoutes } from './translations-routes.js';
import { type Translator, translatorFor } from './translator.js';

export interface TranslationsServiceOptions {
  readonly translator?: Translator;
}

/** Translations: stateless (no tables); translates inquiry descriptions to English, or says it skipped them and why. */
export function translationsService(options: TranslationsServiceOptions = {}): ServiceModule {
  let translator = options.translator;
  // The configured translator, made once from the first running context (handlers and routes share it).
  const translatorOf = (context: ServiceContext) => (translator ??= translatorFor(context.config));
  return {
    name: 'translations',
    publishes: [TranslationCompleted, TranslationSkipped],
    migrate: async () => {},
    configure: (context) => registerTranslationsHandlers(context, translatorOf(context)),
    routes: (app, context) => registerTranslationsRoutes(app, context, translatorOf),
  };
}
