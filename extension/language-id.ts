/** The language id of `.vmdef` files (package.json `contributes.languages`). */
export const LANGUAGE_ID = 'vmdef';
