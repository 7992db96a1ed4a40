import DataLoader from 'dataloader';

/** A value now, or a promise of it. */
export type Maybe<T> = T | Promise<T>;

/**
 * Applies `f` to a value now if it is there, else once it is (no promise when there is none to wait for). Not named
 * `then`: a module exporting `then` is a thenable to `await import(…)`.
 */
export function andThen<T, R>(value: Maybe<T>, f: (v: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** Applies `f` to two values, now if both are there. */
export function both<A, B, R>(a: Maybe<A>, b: Maybe<B>, f: (a: A, b: B) => Maybe<R>): Maybe<R> {
  if (a instanceof Promise || b instanceof Promise) return Promise.all([a, b]).then(([x, y]) => f(x, y));
  return f(a, b);
}

/**
 * A DataLoader that also remembers the values it has handed out or been primed with, so that `get` answers a key it
 * already knows without a promise. A nested query asks the same loader for the same rows many times (every
 * attendance line for its person, already read with the attendance); answered through `load`, each such field costs
 * a promise, an `await` and graphql's `then` on it, and every promise pays the async hooks of AsyncLocalStorage.
 * From the first value known for a key on (read or primed), `get` and `load` both give that one.
 */
export class KnownLoader<K, V> extends DataLoader<K, V> {
  private readonly known = new Map<K, V>();

  constructor(batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V>) {
    super(async (keys) => {
      const values = await batch(keys);
      for (let i = 0; i < keys.length; i++) {
        const v = values[i];
        if (!(v instanceof Error) && !this.known.has(keys[i]!)) this.known.set(keys[i]!, v as V);
      }
      return values;
    }, options);
  }

  /** The value of `key` now if this request has read it, else a promise of it (batched as `load`). */
  get(key: K): Maybe<V> {
    return this.known.has(key) ? (this.known.get(key) as V) : this.load(key);
  }

  override load(key: K): Promise<V> {
    return this.known.has(key) ? Promise.resolve(this.known.get(key) as V) : super.load(key);
  }

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (!(value instanceof Error) && !(value instanceof Promise) && !this.known.has(key)) this.known.set(key, value as V);
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.known.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.known.clear();
    return super.clearAll();
  }
}
