using System.Text;

namespace Eggroll.Tests.Integer;

/// <summary>A few kilobytes of plain English written for these tests, so no test needs the network.</summary>
internal static class SampleText
{
    public const string Text = """
        The river ran low through the valley that summer, and the people of the town walked down to the
        banks in the evening to watch the water move over the stones. Children threw sticks into the
        current and raced along the path to see which one would reach the old bridge first. Their parents
        sat on the grass and talked about the harvest, the price of bread, and the letters that had come
        from the city. Nobody was in a hurry. The light stayed long in the sky, and the swallows turned
        above the fields as if they were writing something only they could read.
        At the end of the street stood a small shop that sold everything a house might need: nails and
        rope, lamps and oil, paper, ink, needles, buttons, and seeds for the garden. The shopkeeper was a
        tall man with a patient voice. He kept a ledger in which he wrote every sale in a careful hand, and
        on the first day of each month he added the columns twice, once from the top and once from the
        bottom, because he said that a sum you have checked only one way is a sum you have not checked.
        In the autumn the school opened again. The teacher had come from the coast, and she told the
        children about ships, tides, and the way a lighthouse turns its beam across the dark water so
        that sailors can count the flashes and know where they are. She drew maps on the board with
        chalk and asked each child to find the town, the river, the road to the city, and the sea.
        Some of them had never seen the sea, and they listened to her as if she were describing the moon.
        Winter came early. Snow covered the roads, and the mail arrived late or not at all. Families
        gathered around the stove in the kitchen, where it was warm, and told the same stories they told
        every year. The old ones remembered a winter when the river froze so hard that a horse and cart
        could cross it, and the young ones pretended not to believe them, which was part of the story too.
        When the spring rain returned, the river rose and filled its banks, the fields turned green, and
        the town began again the slow work of planting. The shopkeeper ordered new seeds, the teacher
        planted a row of beans beside the school, and the children counted the days until the long
        evenings would come back and they could race their sticks to the bridge once more.
        """;

    public static byte[] Bytes => Encoding.UTF8.GetBytes(Text);
}
