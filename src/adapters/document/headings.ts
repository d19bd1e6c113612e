// Heading numbering is recognised in the domain (src/domain/headings.ts) so that the structure recognition of pasted
// reports and the document renderers share one definition; this module keeps the renderers' import path.
export {
  classifyParagraph,
  endsWithSentenceEnd,
  firstSentenceEnd,
  headingLevel,
  type ClassifiedParagraph,
  type ParagraphKind,
} from "../../domain/headings.js";
