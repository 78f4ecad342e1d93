/**
 * @module
 * The one door into the core, used by every transport (Electron IPC, the HTTP host, tests):
 * look up the procedure in the contract, validate the input, check who may call it, run
 * commands one at a time in arrival order, validate the output, and answer with
 * `{ok: true, data}` or `{ok: false, error: {code, message}}`. Only here does an unexpected
 * exception become INTERNAL, and it is logged.
 */
import type { ApiError, ApiResult, ContractMap, Handlers, Role } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { z } from 'zod';
import type { LanDevice } from '../auth/lan-devices';
import type { Session, SessionRegistry } from '../auth/sessions';
import { roleAtLeast } from '../auth/sessions';

export interface CallerInfo {
  /** The session token the caller presented, if any. */
  readonly token?: string | undefined;
  /** True for Electron and for a host bound to loopback; false for a host open to the LAN. */
  readonly trustedLocal: boolean;
  /** On the LAN: the enrolled tablet the call came from (the host resolved its credential). */
  readonly device?: LanDevice | null | undefined;
  /** On the LAN: hands a new tablet credential to the host, which stores it in an HttpOnly cookie. */
  readonly grantDeviceCredential?: ((secret: string) => void) | undefined;
}

export interface CallContext {
  readonly session: Session | null;
  readonly caller: CallerInfo;
}

/** The session a handler of a non-public procedure can rely on. */
export function sessionOf(ctx: CallContext): Session {
  if (!ctx.session) throw new CassaError('NOT_AUTHENTICATED');
  return ctx.session;
}

export interface Logger {
  error(message: string, error: unknown): void;
}

export interface Dispatcher {
  dispatch(method: string, input: unknown, caller: CallerInfo): Promise<ApiResult<unknown>>;
  /**
   * The access check alone, without input: a host runs it before reading a request body, so a
   * stranger cannot make the till parse megabytes. Null when the call may proceed.
   */
  preflight(method: string, caller: CallerInfo): ApiError | null;
  /** Whether this caller may receive till events: a session, bound to the tablet on the LAN. */
  canSubscribe(caller: CallerInfo): boolean;
}

/**
 * The storage failures a cashier can act on (free space, fix the disk or the folder's rights),
 * told apart from bugs: better-sqlite3 marks them with SQLite's result code, Node's fs with errno.
 * The write they interrupted was rolled back, so the message says nothing was recorded.
 */
export function storageFailureOf(error: unknown): CassaError | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new CassaError('DISK_FULL');
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN|CORRUPT)/.test(code) || code === 'EACCES' || code === 'EROFS' || code === 'EIO') {
    return new CassaError('STORAGE_FAILED');
  }
  return null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

export function createDispatcher<C extends ContractMap>(options: {
  contract: C;
  handlers: Handlers<C, CallContext>;
  sessions: SessionRegistry;
  logger: Logger;
}): Dispatcher {
  const { contract, handlers, sessions, logger } = options;
  let commandChain: Promise<unknown> = Promise.resolve();

  /**
   * The counter (Electron, loopback) is trusted; a LAN caller must be an enrolled tablet for
   * anything but public procedures, and its session must have been opened on that same tablet.
   */
  function authorise(access: string, session: Session | null, caller: CallerInfo): void {
    if (access === 'public') return;
    if (!caller.trustedLocal && !caller.device) throw new CassaError('DEVICE_NOT_ENROLLED');
    if (access === 'local') return;
    if (!session) throw new CassaError('NOT_AUTHENTICATED');
    if (!caller.trustedLocal && session.deviceId !== caller.device?.id) throw new CassaError('NOT_AUTHENTICATED');
    const needed = access as Role;
    if (!roleAtLeast(session.role, needed)) throw new CassaError('NOT_AUTHORISED', `This needs a ${needed}`);
  }

  async function run(method: string, input: unknown, caller: CallerInfo): Promise<ApiResult<unknown>> {
    try {
      if (!Object.hasOwn(contract, method)) throw new CassaError('NOT_FOUND', `Unknown procedure ${method}`);
      const procedure = contract[method]!;
      const session = sessions.resolve(caller.token);
      authorise(procedure.access, session, caller);
      const parsed = procedure.input.safeParse(input ?? {});
      if (!parsed.success) throw new CassaError('VALIDATION', describeIssues(parsed.error));
      const handler = handlers[method as keyof C] as (input: unknown, ctx: CallContext) => unknown;
      const output = await handler(parsed.data, { session, caller });
      const checked = procedure.output.safeParse(output);
      if (!checked.success) {
        throw new Error(`${method} produced output that breaks its contract: ${describeIssues(checked.error)}`);
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      if (error instanceof CassaError) return { ok: false, error: error.toApiError() };
      const storage = storageFailureOf(error);
      if (storage) {
        logger.error(`Storage failure in ${method}`, error);
        return { ok: false, error: storage.toApiError() };
      }
      logger.error(`Unexpected failure in ${method}`, error);
      return { ok: false, error: { code: 'INTERNAL', message: 'Internal error: the till logged the details' } };
    }
  }

  return {
    preflight(method, caller) {
      try {
        if (!Object.hasOwn(contract, method)) throw new CassaError('NOT_FOUND', `Unknown procedure ${method}`);
        authorise(contract[method]!.access, sessions.resolve(caller.token), caller);
        return null;
      } catch (error) {
        if (error instanceof CassaError) return error.toApiError();
        throw error;
      }
    },
    canSubscribe(caller) {
      try {
        authorise('cashier', sessions.resolve(caller.token), caller);
        return true;
      } catch {
        return false;
      }
    },
    dispatch(method, input, caller) {
      const procedure = Object.hasOwn(contract, method) ? contract[method] : undefined;
      if (procedure?.kind !== 'command') return run(method, input, caller);
      // Commands queue behind each other so two screens never interleave writes to one ticket.
      const result = commandChain.then(() => run(method, input, caller));
      commandChain = result.catch(() => undefined);
      return result;
    },
  };
}

export const consoleLogger: Logger = {
  error(message, error) {
    console.error(`[cassa] ${message}`, error);
  },
};
