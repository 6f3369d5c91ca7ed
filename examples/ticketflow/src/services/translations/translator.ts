import type { TicketFlowConfig } from '../../config/ticketflow-config.js';

/** Translates text to English; an empty result means "not translated" (the caller reports it as skipped). */
export type Translator = (text: string, fromLanguage: string) => Promise<string>;

/** The default: no network, nothing translated — tickets then show the original text, marked untranslated. */
export const offlineTranslator: Translator = async () => '';

/** Any OpenAI-compatible chat-completions endpoint. */
export function openAiTranslator(settings: { baseUrl: string; apiKey: string; model: string }): Translator {
  return async (text, fromLanguage) => {
    const response = await fetch(`${settings.baseUrl.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${settings.apiKey}` },
      body: JSON.stringify({
        model: settings.model,
        temperature: 0,
        messages: [
          {
            role: 'system',
            content: 'Translate the user text to English. Answer with the translation only.',
          },
          { role: 'user', content: `Source language: ${fromLanguage}\n\n${text}` },
        ],
      }),
      signal: AbortSignal.timeout(30_000),
    });
    // A provider error is transient as far as we know: throw, and the message is retried.
    if (!response.ok) throw new Error(`Translation provider answered ${response.status}`);
    const answer = (await response.json()) as { choices?: { message?: { content?: string } }[] };
    return answer.choices?.[0]?.message?.content?.trim() ?? '';
  };
}

export function translatorFor(config: TicketFlowConfig): Translator {
  return config.translation.provider === 'openai' ? openAiTranslator(config.translation) : offlineTranslator;
}
