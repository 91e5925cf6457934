import type { Frame, Page, Response } from 'playwright-core';
import type { Answer, PoliteFetcher } from './fetch.ts';

/**
 * Load `url` in `tab` under the fetcher's rules (its clock between requests; 429, 5xx and network
 * errors retried, honouring Retry-After) and resolve with the final HTTP status.
 */
export async function loadPage(
  http: PoliteFetcher,
  tab: Page,
  url: string,
  timeoutMs: number,
): Promise<number> {
  const answer = await http.request(url, () => navigate(tab, url, timeoutMs));
  return answer.status;
}

const answerOf = async (response: Response): Promise<Answer<undefined>> => ({
  status: response.status(),
  retryAfter: await response.headerValue('retry-after'),
  value: undefined,
});

/**
 * One navigation. Chromium answers an error status with an empty body by failing the navigation
 * (`net::ERR_HTTP_RESPONSE_CODE_FAILURE`) instead of resolving with the response, so the status is
 * also taken from the main frame's last navigation response as it arrives. Chromium then commits
 * its own error page a moment later; the next load waits for that, or the commit would interrupt it.
 */
async function navigate(tab: Page, url: string, timeoutMs: number): Promise<Answer<undefined>> {
  let last: Response | undefined;
  const onResponse = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === tab.mainFrame()) last = response;
  };
  let onNavigated: (frame: Frame) => void = () => {};
  const errorPageShown = new Promise<void>((resolve) => {
    onNavigated = (frame) => {
      if (frame === tab.mainFrame() && frame.url().startsWith('chrome-error:')) resolve();
    };
  });
  tab.on('response', onResponse);
  tab.on('framenavigated', onNavigated);
  try {
    const response = (await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs })) ?? last;
    if (!response) throw new Error(`no response to the page load of ${url}`);
    return await answerOf(response);
  } catch (error) {
    if (!last || !/ERR_HTTP_RESPONSE_CODE_FAILURE/.test(String(error))) throw error;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([errorPageShown, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return await answerOf(last);
  } finally {
    tab.off('response', onResponse);
    tab.off('framenavigated', onNavigated);
  }
}
