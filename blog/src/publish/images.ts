import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { InputError } from 'kit';
import { mapOutsideInlineCode, type SourceLine } from './markdown-lines.ts';
import type { DraftWarning } from './warnings.ts';

const INLINE_IMAGE = /!\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]+)(\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const INLINE_LINK = /(?<!!)\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]+)[^)]*\)/g;
const REFERENCE_DEFINITION = /^(\s{0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)(.*)$/;
const HTML_IMAGE = /<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi;
const IMAGE_FILE = /\.(svg|png|jpe?g|gif|webp|avif)$/i;
const DARK_SUFFIX = /\.dark(\.[a-z0-9]+)$/i;

export interface ImageContext {
  /** Absolute path of the draft; references are relative to its folder. */
  draftPath: string;
  /** The draft as named in messages (relative to the repo root). */
  draftFile: string;
  /** Absolute project folder: images must live inside it. */
  projectDir: string;
  /** Absolute folder the images are copied to. */
  assetsDir: string;
  /** Absolute folder of the published post, to compute relative links from. */
  postDir: string;
  /** How a path is named in messages (relative to the repo root). */
  display(path: string): string;
}

export interface ImageRewrite {
  lines: SourceLine[];
  /** Asset file name to the absolute source file it is copied from. */
  assets: Map<string, string>;
  warnings: DraftWarning[];
}

function isLocal(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/') && !url.startsWith('#');
}

function unwrap(url: string): string {
  return url.startsWith('<') && url.endsWith('>') ? url.slice(1, -1) : url;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Where `chart.svg`'s dark twin would be: `chart.dark.svg` beside it. */
export function darkTwinPath(path: string): string {
  const ext = extname(path);
  return `${path.slice(0, -ext.length)}.dark${ext}`;
}

/**
 * Copies every local image a draft references into the blog (collected in `assets`) and points
 * the references at the copies. A chart with a `.dark` twin beside it gets the twin added right
 * after it, so the site can show the one that suits the theme.
 */
export function rewriteImages(lines: SourceLine[], context: ImageContext): ImageRewrite {
  const assets = new Map<string, string>();
  const warnings: DraftWarning[] = [];

  const adopt = (reference: string, line: number): string => {
    const source = resolve(dirname(context.draftPath), decodeURI(reference.split(/[?#]/)[0]!));
    const shown = context.display(source);
    const place = { file: context.draftFile, line };
    if (!source.startsWith(context.projectDir + sep)) {
      throw InputError.expected(place, `an image inside the project folder, not ${shown}`, reference);
    }
    if (!existsSync(source) || !statSync(source).isFile()) {
      throw InputError.expected(place, `an image file at ${shown}`, reference);
    }
    const name = basename(source);
    const earlier = assets.get(name);
    if (earlier && earlier !== source) {
      throw InputError.expected(
        place,
        `image file names unique within the draft (${name} is used twice)`,
        reference,
      );
    }
    assets.set(name, source);
    return toPosix(relative(context.postDir, join(context.assetsDir, name)));
  };

  const twinOf = (reference: string): string | undefined => {
    if (DARK_SUFFIX.test(reference)) return undefined;
    const twin = darkTwinPath(reference.split(/[?#]/)[0]!);
    return existsSync(resolve(dirname(context.draftPath), decodeURI(twin))) ? twin : undefined;
  };

  const rewritten = lines.map((source) => {
    if (source.inCode) return source;
    const definition = REFERENCE_DEFINITION.exec(source.text);
    if (definition) {
      const url = unwrap(definition[2]!);
      if (!isLocal(url) || !IMAGE_FILE.test(url)) return source;
      return { ...source, text: `${definition[1]}${adopt(url, source.line)}${definition[3]}` };
    }
    const text = mapOutsideInlineCode(source.text, (part) => {
      for (const match of part.matchAll(HTML_IMAGE)) {
        if (isLocal(match[1]!)) {
          throw InputError.expected(
            { file: context.draftFile, line: source.line },
            'markdown image syntax ![alt](path) for a local image, so the blog can copy and optimise it',
            match[0],
          );
        }
      }
      const withImages = part.replace(INLINE_IMAGE, (whole, alt: string, rawUrl: string, title = '') => {
        const url = unwrap(rawUrl);
        if (!isLocal(url)) return whole;
        if (alt.trim() === '') {
          warnings.push({
            file: context.draftFile,
            line: source.line,
            message: `image ${url} has no alt text`,
          });
        }
        const image = `![${alt}](${adopt(url, source.line)}${title})`;
        const twin = twinOf(url);
        return twin ? `${image} ![${alt}](${adopt(twin, source.line)}${title})` : image;
      });
      for (const match of withImages.matchAll(INLINE_LINK)) {
        const url = unwrap(match[2]!);
        if (isLocal(url) && !url.startsWith('../../assets/')) {
          warnings.push({
            file: context.draftFile,
            line: source.line,
            message: `link to ${url} points into the project, which the blog does not publish`,
          });
        }
      }
      return withImages;
    });
    return { ...source, text };
  });

  return { lines: rewritten, assets, warnings };
}

/**
 * A frontmatter image (the social card) is copied and rewritten like a body image, without the
 * dark twin: link previews have no theme.
 */
export function adoptFrontmatterImage(
  reference: string,
  line: number,
  context: ImageContext,
): { url: string; assets: Map<string, string> } {
  const result = rewriteImages([{ text: `![card](${reference})`, line, inCode: false }], context);
  const url = /\]\(([^)\s]+)/.exec(result.lines[0]!.text)![1]!;
  return { url, assets: new Map([...result.assets].filter(([name]) => !DARK_SUFFIX.test(name))) };
}
