// What the portal accepts as an evidence file, checked in the page before a byte is sent
// (the server checks again and answers 413 beyond the size). The window's own limit is the
// core's and larger: this rule is the portal's, shown and enforced only there.

/** The largest evidence file the portal takes: 20 MB. */
export const PORTAL_MAX_BYTES = 20 * 1024 * 1024;

/** The file types the portal takes, by extension. */
export const PORTAL_EXTENSIONS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'jpg', 'png'] as const;

/** The rule as the page shows it beside the file button. */
export const PORTAL_UPLOAD_RULE = `Mỗi tệp tối đa 20 MB; định dạng: ${PORTAL_EXTENSIONS.join(', ')}.`;

/** The `accept` attribute of the file input: the picker offers these types first. */
export const PORTAL_ACCEPT = PORTAL_EXTENSIONS.map((e) => `.${e}`).join(',');

/** Why a file cannot be sent: the server's code for it and a Vietnamese message naming the
 * file; null when it can be sent. */
export function uploadProblem(file: { name: string; size: number }): { code: 'too_large' | 'unsupported_file_type'; message: string } | null {
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  // jpeg is the same type as jpg; the server names both "jpg".
  if (!(PORTAL_EXTENSIONS as readonly string[]).includes(ext === 'jpeg' ? 'jpg' : ext)) {
    return { code: 'unsupported_file_type', message: `Tệp “${file.name}” không đúng định dạng. Chỉ nhận: ${PORTAL_EXTENSIONS.join(', ')}.` };
  }
  if (file.size > PORTAL_MAX_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1).replace('.', ',');
    return { code: 'too_large', message: `Tệp “${file.name}” nặng ${mb} MB, vượt quá giới hạn 20 MB.` };
  }
  return null;
}
