import type { pay as source } from '../zh-CN/pay';

export const pay: Record<keyof typeof source, string> = {};
