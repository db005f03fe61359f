import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { unpackedSize } from './zip-budget';
import { zipOf } from '../testing/zip';

describe('how much a zip unpacks to', () => {
  it('lets a real .xlsx through', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('数据').addRow(['姓名', '手机号']);
    expect(unpackedSize(Buffer.from(await workbook.xlsx.writeBuffer()))).toBe('ok');
  });

  it('stops inflating at the budget, also when the header lies about the size', () => {
    const zeros = Buffer.alloc(3 * 1024 * 1024);
    expect(unpackedSize(zipOf('xl/worksheets/sheet1.xml', zeros), 1024 * 1024)).toBe('tooLarge');
    expect(unpackedSize(zipOf('xl/worksheets/sheet1.xml', zeros, 100), 1024 * 1024)).toBe('tooLarge');
    expect(unpackedSize(zipOf('xl/worksheets/sheet1.xml', zeros), 4 * 1024 * 1024)).toBe('ok');
  });

  it('calls a truncated or made-up archive damaged', () => {
    const zip = zipOf('a.xml', Buffer.from('<a/>'));
    expect(unpackedSize(zip.subarray(0, zip.length - 30))).toBe('damaged');
    expect(unpackedSize(Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200, 7)]))).toBe('damaged');
  });
});
