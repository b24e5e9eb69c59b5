package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** HELP-01: a mistyped command or option is one line naming the word and the nearest known ones, exit 2. */
class DidYouMeanTest extends CliTestSupport {

    @Test
    void aMistypedCommandNamesTheWordAndTheCommandMeant() {
        Result r = run("upgrad");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals("waiaas: unknown command 'upgrad'; did you mean 'upgrade'? (see waiaas --help)\n", r.err());
    }

    @Test
    void aMistypedOptionNamesTheWordTheCommandAndTheOptionMeant() {
        Result r = run("upgrade", "--dryrun");
        assertEquals(2, r.exit());
        assertEquals(
                "waiaas: unknown option '--dryrun' of waiaas upgrade; did you mean '--dry-run'?"
                        + " (see waiaas upgrade --help)\n",
                r.err());
    }

    @Test
    void namesSeveralNearWordsAndOnlyNearOnes() {
        Result r = run("stat");
        assertEquals(2, r.exit());
        assertEquals(
                "waiaas: unknown command 'stat'; did you mean 'status', 'start' or 'stop'? (see waiaas --help)\n",
                r.err());
        assertEquals(1, ErrorReporting.editDistance("upgrad", "upgrade"));
        assertEquals(3, ErrorReporting.editDistance("kitten", "sitting"));
        assertEquals(0, ErrorReporting.editDistance("", ""));
    }

    @Test
    void withJsonAScriptAlsoGetsTheErrorObject() throws Exception {
        Result r = run("status", "--jsn", "--json");
        assertEquals(2, r.exit());
        JsonNode error = new ObjectMapper().readTree(r.out());
        assertEquals("usage", error.get("code").textValue());
        assertEquals(2, error.get("exitCode").intValue());
        assertEquals(r.err().strip(), "waiaas: " + error.get("error").textValue());
    }

    @Test
    void aWordLikeNoCommandKeepsTheGeneralAdvice() {
        Result r = run("zzzzzz");
        assertEquals(2, r.exit());
        assertEquals(
                "waiaas: Unmatched argument at index 0: 'zzzzzz'\nTry 'waiaas --help' for more information.\n",
                r.err());
    }
}
