import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { en } from './en';
import { translate } from './index';

describe('dictionaries', () => {
  it('no two domain files define the same key (a spread would silently keep the last one)', () => {
    const modules = import.meta.glob<Record<string, Record<string, string>>>('./zh-CN/!(index).ts', { eager: true });
    const seen = new Map<string, string>();
    for (const [file, exports] of Object.entries(modules)) {
      for (const key of Object.keys(Object.values(exports)[0]!)) {
        expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, file);
      }
    }
    expect(seen.size).toBe(Object.keys(zhCN).length);
  });

  it('English has every key and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, text] of Object.entries(en)) expect(text, key).not.toBe('');
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'app.name')).toBe('网格通');
    expect(translate('en', 'app.name')).toBe('GridCall');
  });
});
