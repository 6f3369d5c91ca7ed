// rascal ships no type declarations: this covers only what the benchmark calls.
declare module 'rascal' {
  import type { EventEmitter } from 'node:events';

  namespace rascal {
    type RascalConfig = Record<string, unknown>;

    interface RascalPublication extends EventEmitter {}

    interface RascalSubscription extends EventEmitter {
      cancel(): Promise<void>;
    }

    class BrokerAsPromised extends EventEmitter {
      static create(config: RascalConfig): Promise<BrokerAsPromised>;
      publish(name: string, message: unknown): Promise<RascalPublication>;
      subscribe(name: string): Promise<RascalSubscription>;
      shutdown(): Promise<void>;
    }

    function withDefaultConfig(config: RascalConfig): RascalConfig;
  }

  export = rascal;
}
