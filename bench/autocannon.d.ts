// autocannon ships no types (and @types/autocannon is not installed): the part bench/load.ts uses.
declare module 'autocannon' {
  interface Client {
    setHeaders(headers: Record<string, string>): void;
  }
  interface Request {
    method?: string;
    path: string;
    body?: string;
    setupRequest?: (req: Request) => Request;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    setupClient?: (client: Client) => void;
    requests?: Request[];
  }
  interface Result {
    requests: { total: number; average: number };
    errors: number;
    timeouts: number;
  }
  interface Instance extends Promise<Result> {
    on(event: 'response', listener: (client: Client, status: number, bytes: number, ms: number) => void): Instance;
  }
  export default function autocannon(options: Options): Instance;
}
