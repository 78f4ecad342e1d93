/**
 * @module
 * What "Prova connessione" found, in plain words: the channel's summary when it worked, else the
 * problem worded by `channelProblemText` and what the channel said. Never a secret: the answer
 * carries none, and the form's values are not echoed.
 */
import type { ChannelTestResult } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { problemSentence } from './channels-format';
import type { CredentialsCheck } from './channels-credentials';

export function TestResultNote({ result }: { result: ChannelTestResult | null }) {
  const { t, i18n } = useTranslation();
  if (!result) return null;
  if (result.ok) return <p role="status" className="status">{t('channels.testOk', { summary: result.summary })}</p>;
  const { text, detail } = result.problem ? problemSentence(result.problem, result.detail, i18n.language) : { text: '', detail: result.detail };
  return (
    <div role="alert" className="error">
      <p>{t('channels.testFailed', { problem: text })}</p>
      {detail && <small>{t('channels.detail', { detail })}</small>}
    </div>
  );
}

/** The first wrong field of a form as a sentence naming its label. */
export function useCredentialsProblem() {
  const { t } = useTranslation();
  return (kind: string, check: CredentialsCheck): string | null => {
    if (check.ok) return null;
    return check.problems
      .map((p) => t(p.missing ? 'channels.missingField' : 'channels.invalidField', { field: t(`channels.fields.${kind}.${p.field}.label`) }))
      .join(' ');
  };
}
