/** iCalendar text as a download (or a feed when `attachment` is false); never cached by shared caches. */
export function icsResponse(text: string, filename: string, attachment = true): Response {
  return new Response(text, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `${attachment ? 'attachment' : 'inline'}; filename="${filename}"`,
      'cache-control': 'private, max-age=300'
    }
  });
}
