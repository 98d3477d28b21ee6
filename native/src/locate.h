#pragma once
#include <opencv2/core.hpp>
#include <vector>

namespace sp {

struct Region {
    cv::RotatedRect rect;   // in image coordinates
    int color;              // sp_color
    float score;
    bool has_quad = false;  // the plate's own corners (tl, tr, br, bl) when its outline was found: perspective kept
    cv::Point2f quad[4];

    Region() : color(0), score(0) {}
    Region(const cv::RotatedRect& r, int c, float s) : rect(r), color(c), score(s) {}
};

// A photo prepared for locating plates: at most 1024 px on its longest side, its HSV and its vertical edges.
struct Scene {
    cv::Mat small, hsv, edges;
    double scale = 1.0;  // small = photo * scale
};

Scene prepare_scene(const cv::Mat& bgr);

// The plates the finder network marked (`found_by_finder`, image coordinates), its three surest, each with its
// second looks (refined by its own colour, grown upwards when green), at most `max_regions`, in image coordinates.
std::vector<Region> offer_marked(const Scene& scene, const std::vector<Region>& found_by_finder, int max_regions);

// Plate-shaped regions of a plate colour (blue, yellow, green, white) with dense vertical edges, best first, each
// with its second looks, at most `max_regions`, in image coordinates.
std::vector<Region> offer_cued(const Scene& scene, int max_regions);

// Plates in the finder network's output: per-cell plate probability at a quarter of the working resolution;
// `to_image` scales working-resolution pixels to the image's.
std::vector<Region> plates_in_mask(const cv::Mat& plate_probability, float to_image);

// For a photo that is already a plate crop, tilted inside its box: the band of the characters' line, found from the
// vertical edges of the characters; false when the line is level (the whole image is then the better reading).
bool tilted_text_line(const cv::Mat& bgr, Region& out);

// The plate colour that dominates a straightened crop.
int classify_color(const cv::Mat& crop_bgr);

// The region (its quad if it has one, else its rotated rect), widened by the margins the reader was trained with,
// warped to size.
cv::Mat straighten(const cv::Mat& bgr, const Region& region, cv::Size size, cv::Point2f corners[4]);

// The quad `corners` (tl, tr, br, bl) warped exactly onto an image of `size`.
cv::Mat warp_quad(const cv::Mat& bgr, const cv::Point2f corners[4], cv::Size size);

}  // namespace sp
