/**
 * @module
 * The sales-channel procedures of the head-office contract (issue 18).
 * ISSUE-18-SCAFFOLD: the framework helper writes the service and these adapters.
 */
import type { channelsContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';

const notYet = (): never => {
  throw new Error('ISSUE-18-SCAFFOLD');
};

export function channelsHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof channelsContract> {
  void deps;
  return {
    'channels.list': notYet,
    'channels.test': notYet,
    'channels.connect': notYet,
    'channels.update': notYet,
    'channels.disconnect': notYet,
    'channels.link': notYet,
    'channels.mapping': notYet,
    'channels.setMapping': notYet,
    'channels.publish': notYet,
    'channels.reconcile': notYet,
    'channels.deadLetters': notYet,
    'channels.retryDeadLetter': notYet,
    'channels.ignoreDeadLetter': notYet,
  };
}
