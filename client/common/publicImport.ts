// The public's vote counts from an outside platform (public:import, 大众评审) as the admin's track editor and the host
// console send them: the chosen .xlsx or .csv read into the command's payload, and what came of it.
import type { Ack, CommandResults, ErrorBody, Payload } from '../../shared/protocol';

/** The kinds of file the server reads (server/imports.ts readSheet), for the file picker. */
export const PUBLIC_IMPORT_ACCEPT = '.xlsx,.csv';

/** A chosen file as the command carries it: its name and its bytes in base64. */
export async function publicImportFile(file: File): Promise<Payload<'public:import'>['file']> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, base64: btoa(binary) };
}

/** What an import came to: how many teams' counts were stored, or the server's refusal. */
export function publicImportOutcome(ack: Ack<CommandResults['public:import']>): { teams: number } | { error: ErrorBody } {
  return ack.ok ? { teams: Object.keys(ack.data.counts).length } : { error: ack.error };
}
