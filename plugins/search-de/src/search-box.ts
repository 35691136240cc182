// The box and its bounds handling live in @recsearch/evolution; re-exported for this plugin's specs.
export { SearchBox, type BoundsHandling } from '@recsearch/evolution';
