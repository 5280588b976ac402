// Spreadsheets for the import tests: rows as a one-sheet .xlsx, in memory or as a file to upload from a browser.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The rows as the bytes of a one-sheet workbook. */
export async function xlsxBuffer(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let dir: string | null = null;

/** The rows written as `name` in a temporary folder of this test process; returns the file's path. */
export async function xlsxFile(name: string, rows: string[][]): Promise<string> {
  dir ??= mkdtempSync(join(tmpdir(), 'fs-xlsx-'));
  const path = join(dir, name);
  writeFileSync(path, await xlsxBuffer(rows));
  return path;
}
